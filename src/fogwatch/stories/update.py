"""Keeping the stories up to date: index what is new or changed, fold it into the stories.

Articles are indexed in order (already indexed ones being re-indexed first, then
new ones by publication date and content, never by when or by which process they
were stored, so the same articles make the same stories), each matched against every article indexed
before it, in this run or an earlier one. An article joins the story of its
best match (exact before near before partial, then the higher similarity); it
never merges two stories, so an article that quotes two others, such as a news
digest, cannot chain unrelated stories together. Every batch is written in one
transaction: a run that is killed leaves whole batches, and the next run goes on
from there. A run with nothing new changes nothing.

Signatures are computed from the clean text after learned site boilerplate has
been removed (`fogwatch.run` calls this after relearning). When relearning
changes an article's clean text later, its stored length no longer matches and it
is indexed again: it stays in its story if it still matches it, and moves or
stands alone otherwise. Members that had joined the story through it stay.

A story's id is made from its original's content (`story_id_for`), so it is the same
in every run, folder and machine, and changes when another member becomes the original.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import Connection, func, select

from fogwatch.model import story_id_for
from fogwatch.pipeline import MakeExecutor, local_executor
from fogwatch.store import Store, schema
from fogwatch.stories import canon, tables
from fogwatch.stories.match import Link, MatchRules, compare
from fogwatch.stories.signature import Fingerprinter, LshParams, Shingled, Signature, Signer, SignStep, TextToSign
from fogwatch.stories.tables import MemberRow, StoryRow

MAX_CLOSENESS = 50  # stories up to this size break same-day ties between candidate originals by text
SIGN_BATCHES = 4  # batches signed per pool of worker processes


@dataclass
class StoriesSummary:
    indexed: int = 0  # articles indexed for the first time
    reindexed: int = 0  # articles indexed again: their clean text (or the index parameters) changed
    copies: int = 0  # of those, found to be copies of an article indexed before them
    not_matched: Counter[str] = field(default_factory=Counter)  # "short", "empty": indexed, never matched
    dated: int = 0  # undated copies that took their story's date
    stories: int = 0  # stories in the database after the run
    with_copies: int = 0  # of which with more than one member

    def line(self) -> str:
        skipped = ", ".join(f"{n} {k}" for k, n in sorted(self.not_matched.items()))
        return (
            f"stories: {self.indexed} articles indexed"
            + (f", {self.reindexed} indexed again" if self.reindexed else "")
            + f", {self.copies} copies found"
            + (f", {self.dated} undated copies dated from their story" if self.dated else "")
            + (f" (not matched: {skipped})" if skipped else "")
            + f"; {self.stories} stories, {self.with_copies} with copies"
        )


def update_stories(
    store: Store,
    batch: int = 1000,
    workers: int | None = None,
    rules: MatchRules | None = None,
    params: LshParams | None = None,
    executors: MakeExecutor | None = None,
) -> StoriesSummary:
    """Index every article not yet indexed (or changed since), in batches, and update the stories.

    Signing runs on `executors` (default: worker processes here); matching and folding run here."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    rules = rules or MatchRules()
    params = params or LshParams()
    summary = StoriesSummary()
    with store.engine.connect() as conn:
        todo = tables.pending_ids(conn, params.scheme)
    if todo:
        signer = Signer(params, rules.min_words)
        folder = Folder(rules, signer.fingerprinter, params.scheme)
        for sigs in _signed(store, todo, batch, signer, workers, executors or local_executor):
            with store.engine.begin() as conn:
                folder.apply(conn, sigs, summary)
    with store.engine.connect() as conn:
        st = schema.stories
        summary.stories = conn.execute(select(func.count()).select_from(st)).scalar_one()
        summary.with_copies = conn.execute(select(func.count()).select_from(st).where(st.c.size > 1)).scalar_one()
    return summary


def _signed(
    store: Store, todo: list[str], batch: int, signer: Signer, workers: int | None, executors: MakeExecutor
) -> Iterator[list[Signature]]:
    """Signatures of `todo`, `batch` at a time, signed on every core a few batches at once.

    Signing and matching take turns. Measured: fed from a generator while this
    process was matching, the workers sat waiting for it, and signing the next
    batch during the matching only slowed both down. Signing several batches per
    pool of workers spares most pool start-ups; a signature weighs some 5 kB.
    """
    for part in tables.chunks(todo, batch * SIGN_BATCHES):
        with store.engine.connect() as conn:
            found = tables.texts(conn, part)
        texts = [TextToSign(aid, found[aid]) for aid in part if aid in found]
        sigs = list(executors(workers, 64).run([SignStep(signer)], texts))
        for i in range(0, len(sigs), batch):
            yield sigs[i : i + batch]


class _Texts:
    """Shingle sets of the texts a batch compares: the batch's own from signing, others read once each."""

    def __init__(self, conn: Connection, fingerprinter: Fingerprinter, known: dict[str, Shingled]) -> None:
        self.conn = conn
        self.fingerprinter = fingerprinter
        self.done = dict(known)

    def prefetch(self, ids: Iterable[str]) -> None:
        missing = sorted({i for i in ids if i not in self.done})
        for aid, text in tables.texts(self.conn, missing).items():
            self.done[aid] = self.fingerprinter.shingled(text)

    def get(self, aid: str) -> Shingled:
        if aid not in self.done:
            self.prefetch([aid])
        if aid not in self.done:  # deleted since it was indexed: nothing left to match
            self.done[aid] = self.fingerprinter.shingled("")
        return self.done[aid]


@dataclass(slots=True)
class _Placed:
    """Where one article of the batch went: its story, and the member it was found a copy of."""

    story_id: str | None
    via: str | None = None
    link: Link | None = None


_FOUNDING = "+"  # prefix of the provisional id of a story founded in the batch being folded


def _names(conn: Connection, heads: dict[str, canon.MemberInfo], touched: list[str]) -> dict[str, str]:
    """The id each touched story takes: its original's content, salted past ids other stories hold."""
    wanted = {sid: story_id_for(h.content_hash) for sid, h in heads.items()}
    taken = tables.existing_story_ids(conn, sorted(set(wanted.values()))) - set(touched)
    out: dict[str, str] = {}
    for sid in sorted(heads, key=lambda x: (heads[x].content_hash, heads[x].article_id)):
        name = wanted[sid]
        while name in taken:
            name = story_id_for(heads[sid].content_hash, name)
            taken |= tables.existing_story_ids(conn, [name]) - set(touched)
        taken.add(name)
        out[sid] = name
    return out


class Folder:
    """Folds batches of signatures into the index and the stories, inside the caller's transaction."""

    def __init__(self, rules: MatchRules, fingerprinter: Fingerprinter, scheme: int) -> None:
        self.rules = rules
        self.fingerprinter = fingerprinter
        self.scheme = scheme

    def apply(self, conn: Connection, sigs: list[Signature], summary: StoriesSummary) -> None:
        tables.roomy_cache(conn)
        infos = tables.member_infos(conn, [g.article_id for g in sigs])
        sigs = [g for g in sigs if g.article_id in infos]  # an article deleted since it was read
        ids = [g.article_id for g in sigs]
        old_docs = tables.doc_rows(conn, ids)
        old_story = tables.story_ids_of(conn, ids)
        tables.delete_postings(conn, [r.seq for r in old_docs.values()])
        seq_of = self._number(conn, ids, old_docs)
        texts = _Texts(conn, self.fingerprinter, {g.article_id: g.shingled for g in sigs if g.shingled is not None})
        placed, founded = self._match(conn, sigs, seq_of, old_story, texts)
        self._write_index(conn, sigs, seq_of, list(old_docs))
        dated = self._fold(conn, infos, old_story, placed, founded, texts)
        summary.reindexed += len(old_docs)
        summary.indexed += len(sigs) - len(old_docs)
        summary.copies += sum(1 for p in placed.values() if p.link is not None)
        summary.not_matched.update(g.status for g in sigs if g.status != "indexed")
        summary.dated += dated

    @staticmethod
    def _number(conn: Connection, ids: list[str], old: dict[str, tables.DocRow]) -> dict[str, int]:
        nxt = tables.next_seq(conn)
        out: dict[str, int] = {}
        for aid in ids:
            if aid in old:
                out[aid] = old[aid].seq
            else:
                out[aid], nxt = nxt, nxt + 1
        return out

    def _match(
        self,
        conn: Connection,
        sigs: list[Signature],
        seq_of: dict[str, int],
        old_story: dict[str, str],
        texts: _Texts,
    ) -> tuple[dict[str, _Placed], set[str]]:
        """Where each article of the batch goes, and the stories founded by the batch."""
        keys = {k for g in sigs for k in g.bands}
        db_post = tables.postings(conn, keys)
        seq_ids = tables.ids_of_seqs(conn, sorted({q for k in keys for q in db_post.get(k, ())}))
        order = {aid: q for q, aid in seq_ids.items()} | seq_of
        story_of = tables.story_ids_of(conn, sorted(seq_ids.values()))
        story_of.update(old_story)
        texts.prefetch(seq_ids.values())
        old_members = tables.members_of(conn, sorted(set(old_story.values())))
        local: dict[int, list[str]] = {}
        placed: dict[str, _Placed] = {}
        founded: set[str] = set()
        for g in sigs:
            aid = g.article_id
            best: tuple[str, Link] | None = None
            if g.status == "indexed":
                cands: set[str] = set()
                for k in [k for k in g.bands if k in db_post]:
                    cands.update(seq_ids[q] for q in db_post[k] if q in seq_ids)
                for k in [k for k in g.bands if k in local]:
                    cands.update(local[k])
                cands.discard(aid)
                for c in sorted(cands, key=lambda x: order[x]):
                    if c not in story_of:
                        continue
                    link = compare(texts.get(aid), texts.get(c), self.rules)
                    if link is not None and (best is None or link.rank > best[1].rank):
                        best = (c, link)
                for k in g.bands:
                    local.setdefault(k, []).append(aid)
            if g.status == "empty":
                placed[aid] = _Placed(None)
                story_of.pop(aid, None)
                continue
            if best is not None:
                sid = story_of[best[0]]
                placed[aid] = _Placed(sid, best[0], best[1])
            else:
                mine = old_story.get(aid)
                alone = mine is not None and [r.article_id for r in old_members.get(mine, [])] == [aid]
                if mine is not None and alone:
                    sid = mine
                else:
                    sid = _FOUNDING + aid  # named in _fold, after its original, once its members are known
                    founded.add(sid)
                placed[aid] = _Placed(sid)
            story_of[aid] = sid
        return placed, founded

    def _write_index(self, conn: Connection, sigs: list[Signature], seq_of: dict[str, int], known: list[str]) -> None:
        scheme = self.scheme
        tables.replace_docs(
            conn,
            [
                {
                    "article_id": g.article_id,
                    "seq": seq_of[g.article_id],
                    "scheme": scheme,
                    "text_len": g.text_len,
                    "status": g.status,
                    "reason": g.reason,
                    "words": g.words,
                    "norm_hash": g.norm_hash,
                }
                for g in sigs
            ],
            known,
        )
        banded = [g for g in sigs if g.bands]
        if not banded:
            return
        import numpy as np  # present: the signer needed it

        # One unsigned 64-bit number per posting, the key (shifted to 0..2**32) above the index
        # number: sorted, the postings B-tree is filled page by page rather than at random, and
        # a key two bands happen to share is stored once.
        keys = (np.array([g.bands for g in banded], dtype=np.int64) + (1 << 31)).astype(np.uint64)
        seqs = np.array([seq_of[g.article_id] for g in banded], dtype=np.uint64)[:, None]
        packed = np.unique((keys << np.uint64(32)) | seqs)
        key = (packed >> np.uint64(32)).astype(np.int64) - (1 << 31)
        seq = (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)
        tables.add_postings(conn, list(zip(key.tolist(), seq.tolist(), strict=True)))

    def _fold(
        self,
        conn: Connection,
        batch_infos: dict[str, canon.MemberInfo],
        old_story: dict[str, str],
        placed: dict[str, _Placed],
        founded: set[str],
        texts: _Texts,
    ) -> int:
        """Rewrite every story the batch touched; return how many undated copies were given a date."""
        touched = sorted(set(old_story.values()) | {p.story_id for p in placed.values() if p.story_id})
        # stories founded in this batch have nothing stored yet
        stored = [sid for sid in touched if sid not in founded]
        before = tables.members_of(conn, stored)
        old_rows = tables.story_rows(conn, stored)
        members: dict[str, list[str]] = {sid: [] for sid in touched}
        old_member: dict[str, MemberRow] = {}
        for sid, rows in before.items():
            for r in rows:
                old_member[r.article_id] = r
                if r.article_id not in placed:
                    members[sid].append(r.article_id)
        for aid, p in placed.items():
            if p.story_id:
                members[p.story_id].append(aid)
        infos = dict(batch_infos)
        infos.update(tables.member_infos(conn, sorted({x for ms in members.values() for x in ms} - set(infos))))

        story_out: list[StoryRow] = []
        member_out: list[MemberRow] = []
        date_changes: list[tuple[str, date | None, str | None]] = []
        heads = {
            sid: canon.choose_canonical(ms, self._closeness(ms, texts))
            for sid in touched
            if (ms := [infos[x] for x in members[sid]])
        }
        names = _names(conn, heads, touched)
        for sid in touched:
            ids = members[sid]
            if not ids:  # its last member left: deleted with the stored rows, not written again
                continue
            ms = [infos[x] for x in ids]
            head = heads[sid]
            name = names[sid]
            prior = old_rows.get(sid)
            # a new original, or one whose own text changed: every member's relation is measured again
            moved = prior is None or prior.canonical_id != head.article_id or head.article_id in placed
            outlet = canon.original_outlet(head)
            todo = [x for x in ids if moved or x in placed or old_member[x].relation == "original"]
            if len(ids) > 1:  # a story of one compares nothing
                texts.prefetch([head.article_id, *todo])
            for x in todo:
                member_out.append(self._relation(x, ids, name, head.article_id, outlet, placed, old_member, texts))
            if name != sid:  # renamed: the members whose relation stands move with it
                done = set(todo)
                member_out.extend(replace(old_member[x], story_id=name) for x in ids if x not in done)
            published = canon.first_published(ms)
            story_out.append(
                StoryRow(
                    name,
                    head.article_id,
                    len(ids),
                    canon.sites(ms, head),
                    published.isoformat() if published else None,
                    canon.independent_outlets([outlet]),
                )
            )
            lent = canon.story_date(ms, head)
            for m in ms:
                if m.own_date is None:
                    want = (lent, canon.INFERRED if lent else None)
                    if (m.published, m.published_evidence) != want:
                        date_changes.append((m.article_id, *want))
        for aid, p in placed.items():
            info = infos[aid]
            if p.story_id is None and info.published_evidence == canon.INFERRED:
                date_changes.append((aid, None, None))
        leaving = [aid for aid, p in placed.items() if p.story_id is None]
        rewritten = [r.article_id for r in member_out] + leaving
        tables.replace_members(conn, member_out, known=[x for x in rewritten if x in old_member])
        tables.replace_stories(conn, story_out, known=stored)
        tables.set_dates(conn, date_changes)
        return sum(1 for _, day, _ in date_changes if day is not None)

    def _closeness(self, members: list[canon.MemberInfo], texts: _Texts) -> canon.Closeness | None:
        """Each tied member's summed Jaccard similarity to the story's members (small stories only:
        it costs a comparison per pair)."""
        if len(members) > MAX_CLOSENESS:
            return None

        def score(tied: list[canon.MemberInfo]) -> dict[str, float]:
            import numpy as np  # present: the texts were shingled with it

            texts.prefetch(m.article_id for m in members)
            out = {}
            for t in tied:
                a = texts.get(t.article_id).shingles
                total = 0.0
                for m in members:
                    b = texts.get(m.article_id).shingles
                    if m is not t and len(a) and len(b):
                        shared = np.intersect1d(a, b, assume_unique=True).size
                        total += shared / (len(a) + len(b) - shared)
                out[t.article_id] = total
            return out

        return score

    def _relation(
        self,
        aid: str,
        ids: list[str],
        sid: str,
        head: str,
        outlet: str | None,
        placed: dict[str, _Placed],
        old_member: dict[str, MemberRow],
        texts: _Texts,
    ) -> MemberRow:
        """A member's relation to the canonical member. A member that is a copy of another member only
        gets its relation to that one, named in `via`: its own match in this batch, else the first member
        it matches."""
        if aid == head:
            return MemberRow(aid, sid, "original", 1.0, None, outlet)
        link = compare(texts.get(aid), texts.get(head), self.rules)
        if link is not None:
            return MemberRow(aid, sid, link.relation, link.similarity, None, outlet)
        p = placed.get(aid)
        if p is not None and p.link is not None:
            return MemberRow(aid, sid, p.link.relation, p.link.similarity, p.via, outlet)
        old = old_member.get(aid)
        if old is not None and old.via is not None and old.via in ids:
            return MemberRow(aid, sid, old.relation, old.similarity, old.via, outlet)
        for other in ids:
            if other not in (aid, head) and (link := compare(texts.get(aid), texts.get(other), self.rules)):
                return MemberRow(aid, sid, link.relation, link.similarity, other, outlet)
        # It joined through a text that has changed since (relearned boilerplate) and matches no
        # member now: it stays where it was found, with a similarity of 0 to say so.
        return MemberRow(aid, sid, "partial", 0.0, None, outlet)
