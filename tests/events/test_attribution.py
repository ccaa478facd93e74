"""Speakers, cues and certainty of sentences (our own sentences, written for these tests)."""

from __future__ import annotations

import pytest

from fogwatch.events.attribution import (
    Attribution,
    attribute,
    attributions,
    quote_regions,
    speaker_kind,
    split_sentences,
)


def run(text: str) -> list[Attribution]:
    return attribute(text, split_sentences(text))


def one(text: str) -> Attribution:
    out = run(text)
    assert len(out) == 1, [text[s:e] for s, e in split_sentences(text)]
    return out[0]


def cut(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0] : span[1]] if span is not None else None


def spoken(text: str, a: Attribution) -> tuple[str | None, str | None]:
    return cut(text, a.speaker_span), cut(text, a.cue_span)


# --- speakers and cues ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        # speaker before the cue
        ("The Defence Ministry said two drones were shot down over the port.", "The Defence Ministry", "said"),
        ("Local sources reported heavy shelling on the eastern districts overnight.", "Local sources", "reported"),
        ("The governor has also said the water station was damaged.", "The governor", "has also said"),
        # reported speech, cue at the end
        ("Two bridges over the canal were blown up at dawn, the army said.", "the army", "said"),
        (
            "Four fighters were killed near the dam, opposition activists told our reporter.",
            "opposition activists",
            "told",
        ),
        # speaker after the cue
        ("Nine people were wounded, according to the Red Crescent.", "the Red Crescent", "according to"),
        ("According to residents, the market was hit twice within an hour.", "residents", "According to"),
        ('"We have no food left," said Amina Yusuf, a teacher in the camp.', "Amina Yusuf", "said"),
        # X told Y: the addressee is not the speaker
        ("A military source told the Northern Courier that the airport road was open.", "A military source", "told"),
        # a relative clause or an apposition between speaker and cue
        (
            "The Valley Monitoring Group, which tracks flights over the region, said three raids hit the bridge.",
            "The Valley Monitoring Group",
            "said",
        ),
        (
            "Colonel Ilya Marek, the brigade's spokesman, said the village was retaken on Sunday.",
            "Colonel Ilya Marek",
            "said",
        ),
        # "X quoted by Y said": X speaks
        (
            "A security official quoted by state television said the convoy had been ambushed.",
            "A security official",
            "said",
        ),
        # a time phrase before the cue belongs to neither
        ("The Interior Ministry on Tuesday said 14 people were detained.", "The Interior Ministry", "said"),
        # commas stripped: the clause before ends with its participle
        (
            "Two people were killed in the shelling while seven other people were injured local media reported.",
            "local media",
            "reported",
        ),
        # commas stripped: a place phrase ends where a name gives way to a lowercase word
        (
            "Militants killed five civilians in the countryside of the province of Deir Ezzor state-run news "
            "agency SANA reported.",
            "state-run news agency SANA",
            "reported",
        ),
        ("Two soldiers died in Homs province Syrian state television reported.", "Syrian state television", "reported"),
        (
            "Fifteen civilians were killed in southern Aleppo city the Britain-based Syrian Observatory for Human "
            "Rights monitor said.",
            "the Britain-based Syrian Observatory for Human Rights monitor",
            "said",
        ),
        # a name's acronym in brackets, then a time phrase: the name speaks
        (
            "The Northern Front militants group (NF) on Monday claimed the attack on the convoy.",
            "The Northern Front militants group",
            "claimed",
        ),
    ],
)
def test_speaker_and_cue(text: str, speaker: str, cue: str) -> None:
    a = one(text)
    assert spoken(text, a) == (speaker, cue)
    assert a.speaker == speaker
    assert a.certainty == "attributed"


def test_outlet_voice_is_asserted() -> None:
    a = one("Heavy rain flooded the tents of the western camp on Monday.")
    assert (a.speaker, a.speaker_span, a.cue, a.speaker_kind, a.certainty) == (None, None, None, "outlet", "asserted")
    assert a.markers == []


# --- speaker kinds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("speaker", "kind"),
    [
        ("the Russian side", "party"),
        ("pro-government sources", "party"),
        ("the Defense Ministry", "party"),
        ("the army", "party"),
        ("a spokesman for the rebel brigade", "party"),
        ("the opposition's joint operations room", "party"),
        ("the UN refugee agency", "official"),
        ("the provincial governor", "official"),
        ("the health ministry", "official"),
        ("the director of the central hospital", "official"),
        ("the Syrian Observatory for Human Rights", "media"),
        ("SANA", "media"),
        ("Reuters", "media"),
        ("pro-regime media", "media"),
        ("The Britain-based group", "media"),
        ("the militant group", "party"),
        # a side named by name, its possessive with the apostrophe stripped, its news agency
        ("the Islamic State", "party"),
        ("ISs statement", "party"),
        ("Amaq news agency", "party"),
        ("Jaish al-Islam", "party"),
        ("a rights group", "official"),
        ("local sources", "local"),
        ("residents", "local"),
        ("opposition activists", "local"),
        ("witnesses", "local"),
        ("a source", "anonymous"),
        # a source inside a party's body speaks for it; a source in a town is only anonymous
        ("A source at Aleppo Police Command", "party"),
        ("sources within the army", "party"),
        ("a source at Daraa province", "anonymous"),
        ("a military source who asked not to be named", "anonymous"),
        ("an official who spoke on condition of anonymity", "anonymous"),
        ("local officials", "official"),
        ("Karim Haddad", "other"),
        (None, "outlet"),
    ],
)
def test_speaker_kind(speaker: str | None, kind: str) -> None:
    assert speaker_kind(speaker) == kind


def test_kinds_in_sentences() -> None:
    text = (
        "Artillery hit the ring road on Friday, the army said. "
        "The hospital director said eleven wounded were admitted. "
        "Residents said the shelling lasted two hours. "
        "A source close to the negotiators said talks would resume. "
        "The Eastern Observatory said six of the dead were fighters."
    )
    kinds = [a.speaker_kind for a in run(text)]
    assert kinds == ["party", "official", "local", "anonymous", "media"]


# --- carry-over -----------------------------------------------------------------------------------------------


def test_back_references_resolve_to_the_earlier_speaker() -> None:
    text = (
        "Government forces entered the village of Tal Hamra at dawn, a military source told the Coastal Herald.\n\n"
        "More than 30 gunmen were killed, the source said.\n\n"
        "Three tanks were also destroyed, he added.\n\n"
        "The Defence Ministry said the operation was over. The ministry also claimed that 12 mines were cleared."
    )
    out = run(text)
    assert [a.speaker for a in out] == [
        "a military source",
        "a military source",
        "a military source",
        "The Defence Ministry",
        "The Defence Ministry",
    ]
    # the span is the words of that sentence that name the speaker
    assert cut(text, out[1].speaker_span) == "the source"
    assert cut(text, out[2].speaker_span) == "he"
    assert [a.speaker_kind for a in out] == ["anonymous", "anonymous", "anonymous", "party", "party"]
    assert [a.certainty for a in out] == ["attributed"] * 5


def test_the_coalition_is_not_whichever_party_spoke_last() -> None:
    # "the coalition" names a coalition: after ISIS spoke it is not ISIS; after the US-led coalition it is that
    out = run("ISIS said at least 10 people were killed. The coalition said it had conducted 16 airstrikes on Raqqa.")
    assert [a.speaker for a in out] == ["ISIS", "The coalition"]
    out = run("The US-led coalition said it struck Raqqa. The coalition said the strikes hit ISIS positions.")
    assert [a.speaker for a in out] == ["The US-led coalition", "The US-led coalition"]


def test_plural_back_reference_prefers_the_plural_speaker() -> None:
    text = (
        "Field commanders said the hill was held. A source said the road was cut. "
        "Dozens of attackers died, the commanders said."
    )
    assert run(text)[2].speaker == "Field commanders"


def test_a_quotation_going_on_keeps_its_speaker() -> None:
    text = (
        '"The shells came from the north," said Omar Saleh, a nurse at the clinic. "We counted forty of them. '
        'Nobody here carries a gun."\n\nThe clinic reopened on Wednesday.'
    )
    out = run(text)
    assert [a.speaker for a in out] == ["Omar Saleh", "Omar Saleh", "Omar Saleh", None]
    assert out[1].speaker_span is None and out[1].cue is None


# --- certainty --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "certainty", "marker"),
    [
        ("Rebels reportedly shot down a helicopter near the airbase.", "hedged", "reportedly"),
        ("The commander is said to have fled across the river.", "hedged", "is said to"),
        ("The strike may have killed the group's deputy leader.", "hedged", "may have"),
        ("Militias allegedly looted the grain stores.", "hedged", "allegedly"),
        (
            "The ministry said 40 fighters were killed, a figure that could not be independently verified.",
            "unconfirmed",
            "could not be independently verified",
        ),
        (
            "The brigade claimed it destroyed five tanks but provided no photo or video evidence.",
            "unconfirmed",
            "provided no photo or video evidence",
        ),
        ("The Defence Ministry denied that its jets struck the market.", "denied", "denied"),
        ("The army rejected reports that it had withdrawn from the town.", "denied", "rejected"),
        ("Rebel commanders dismissed claims of heavy losses.", "denied", "dismissed"),
        (
            "The militia said 20 soldiers were captured, but the army said this was false.",
            "disputed",
            "said this was false",
        ),
        (
            "The ministry claimed 51 fighters were killed, a figure the rebels dismissed as invented.",
            "disputed",
            "a figure the rebels dismissed",
        ),
    ],
)
def test_certainty(text: str, certainty: str, marker: str) -> None:
    a = one(text)
    assert a.certainty == certainty
    assert marker in [text[m.start : m.end] for m in a.markers]
    assert {m.label for m in a.markers} <= {"hedge", "unconfirmed", "denial", "dispute"}


def test_a_later_sentence_makes_an_earlier_one_disputed() -> None:
    text = (
        "The army said it killed 70 militants near the dam. "
        "The opposition disputed the figure, saying only four fighters died."
    )
    first, second = run(text)
    assert first.certainty == "disputed"
    assert [text[m.start : m.end] for m in first.markers] == ["disputed"]
    assert first.markers[0].label == "dispute"
    assert second.speaker == "The opposition" and second.certainty == "denied"


def test_a_contrasting_clause_by_another_speaker_disputes() -> None:
    text = "Militia commanders claimed the village had fallen, but the army said fighting continued there."
    a = one(text)
    assert a.speaker == "Militia commanders"
    assert a.certainty == "disputed"
    assert [text[m.start : m.end] for m in a.markers] == ["but the army said"]


def test_the_same_speaker_going_on_does_not_dispute_itself() -> None:
    text = "The wreckage fell near the river, the source said. The source denied reports that soldiers were killed."
    first, second = run(text)
    assert (first.certainty, second.certainty) == ("attributed", "denied")


def test_a_later_denial_by_another_speaker_disputes_the_same_facts() -> None:
    text = (
        "The Northern Front said its drones destroyed three tanks and two howitzers near Kafr Tal.\n\n"
        "Road traffic resumed in the afternoon.\n\n"
        "The army denied that drones destroyed any tanks or howitzers near Kafr Tal."
    )
    out = run(text)
    assert [a.certainty for a in out] == ["disputed", "asserted", "denied"]


def test_a_following_verification_sentence_makes_the_claim_unconfirmed() -> None:
    text = "The rebels said they captured 12 soldiers. The claim could not be verified."
    first, second = run(text)
    assert first.certainty == "unconfirmed"
    assert first.markers[0].label == "unconfirmed"
    assert second.certainty == "unconfirmed"  # the sentence itself says so


def test_neither_side_reaches_back_to_party_claims_only() -> None:
    text = (
        "The army said it repelled the attack. The brigade said it took two hills. "
        "The Eastern Observatory said nine people died.\n\n"
        "Neither side's claims could be independently verified."
    )
    assert [a.certainty for a in run(text)][:3] == ["unconfirmed", "unconfirmed", "attributed"]


def test_one_attribution_per_sentence_in_order() -> None:
    text = "Shelling resumed. The army said so. Residents fled."
    sents = split_sentences(text)
    assert len(attribute(text, sents)) == len(sents) == 3
    assert attribute(text, []) == []


# --- relations for PolNeAR-style scoring ------------------------------------------------------------------------


def test_attribution_spans() -> None:
    text = 'The mayor said the bridge would reopen. "It is safe," she told reporters.'
    rels = attributions(text)
    got = [(cut(text, r.source), cut(text, r.cue), r.cue_word) for r in rels]
    assert got == [("The mayor", "said", "said"), ("she", "told", "told")]
    assert cut(text, rels[0].content) == "the bridge would reopen"
    assert cut(text, rels[1].content) == '"It is safe,"'


def test_polnear_sources_keep_their_apposition() -> None:
    text = (
        "Nadia Karam, the mission's press officer, said the team left. "
        '"We saw nothing," said Piet Vos, an engineer with the water board.'
    )
    assert [cut(text, r.source) for r in attributions(text)] == [
        "Nadia Karam, the mission's press officer,",
        "Piet Vos, an engineer with the water board",
    ]
    # for claims, the speaker is the name alone
    assert [a.speaker for a in run(text)] == ["Nadia Karam", "Piet Vos"]


def test_headline_colon_cue() -> None:
    text = "Governor Okafor: Aid Convoys Will Reach the North.\n\nPhoto: the convoy at dawn."
    rels = attributions(text)
    assert [(cut(text, r.source), cut(text, r.cue)) for r in rels] == [("Governor Okafor", ":")]


def test_no_attribution_inside_a_quotation() -> None:
    text = "“I think the ceasefire will hold, and they say so too,” the envoy said."
    rels = attributions(text)
    assert [cut(text, r.source) for r in rels if r.source] == ["the envoy"]


def test_attributions_respect_start_and_end() -> None:
    text = "The army said A. The police said B. Witnesses said C."
    start = text.index("The police")
    end = text.index("Witnesses")
    rels = attributions(text, start, end)
    assert [cut(text, r.source) for r in rels] == ["The police"]


def test_quote_regions() -> None:
    text = 'He said “one. two.” and "three"\n\n“four'
    assert [text[s:e] for s, e in quote_regions(text)] == ["“one. two.”", '"three"', "“four"]


def test_nouns_are_not_cues() -> None:
    text = "The report of the commission was delayed. His claims were rejected by the court."
    assert all(a.cue is None or a.cue.lower() != "claims" for a in run(text))
    assert [text[r.cue[0] : r.cue[1]] for r in attributions(text)] == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # text whose commas were stripped: a clause runs into the speaker
        (
            "A bomb blast killed at least 16 people in the city of Hasaka on Tuesday the monitoring group "
            "the Syrian Observatory for Human Rights said.",
            "the Syrian Observatory for Human Rights",
        ),
        ("A motorcycle bomber killed 16 civilians on the eve of the end of Ramadan an official said.", "an official"),
        (
            "Fifteen of the wounded were in critical condition said the head of the Britain-based group.",
            "the head of the Britain-based group",
        ),
        ("Civil defence workers who went to the site said the gas smelled of chlorine.", "Civil defence workers"),
        (
            "Coalition planes targeted water wells north of the city killing at least 18 civilians observatory "
            "director Rami Abdel Rahman said.",
            "observatory director Rami Abdel Rahman",
        ),
        (
            "The US-led coalition which launched an air war against the group in Syria last September said it hit "
            "ten targets.",
            "The US-led coalition",
        ),
        # the name after "according to" ends where the clause it sources begins
        (
            "According to the Syrian Observatory for Human Rights a total of 43 civilians have been killed.",
            "the Syrian Observatory for Human Rights",
        ),
        ("According to the Observatory 12 people were killed in the raid.", "the Observatory"),
        # an adverbial opening the sentence is not part of the speaker
        ("In the meantime other sources said that the army targeted a vehicle.", "other sources"),
        ("In the same context the ministry said three soldiers were killed.", "the ministry"),
        # a name after the last words of the clause before it; a role before a name stays
        ("The strike on the convoy was a war crime Rycroft said.", "Rycroft"),
        ("It was a chemical weapons attack John Kerry said.", "John Kerry"),
        (
            "The plan failed Republican presidential candidate Donald Trump said.",
            "Republican presidential candidate Donald Trump",
        ),
        # a toll is no speaker; the subject of what was said is not who said it
        ("Government forces killed 1300 people said the Observatory.", "the Observatory"),
        ("Opponents of Bashar al-Assad said the presidents forces killed 1300 people.", "Opponents of Bashar al-Assad"),
    ],
)
def test_speakers_in_text_without_commas(text: str, speaker: str) -> None:
    (a,) = attribute(text, split_sentences(text))
    assert a.speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "certainty"),
    [
        (
            '"A bomber blew himself up in the city" said Rami Abdel Rahman head of the group which relies on '
            "sources on the ground.",
            "Rami Abdel Rahman",
            "attributed",
        ),
        ("The news agency however reported that a unit shelled a tunnel.", "The news agency", "attributed"),
        (
            "Shelling killed 20 civilians on Monday in the old city of Aleppo Syria Live Network (SLN) reported.",
            "Aleppo Syria Live Network (SLN)",
            "attributed",
        ),
        (
            "Jets believed to be Russian struck a fuel market killing 18 people a local rescue worker said.",
            "a local rescue worker",
            "hedged",
        ),
        ("At least 13 civilians died in suspected regime air strikes, the monitor said.", "the monitor", "hedged"),
        (
            '"The strikes were executed to deny Daesh the ability to move," the spokesman said.',
            "the spokesman",
            "attributed",
        ),
    ],
)
def test_real_forms_of_speakers_and_hedges(text: str, speaker: str, certainty: str) -> None:
    (a,) = attribute(text, split_sentences(text))
    assert (a.speaker, a.certainty) == (speaker, certainty)


def test_a_place_inside_a_bodys_name() -> None:
    text = "The Russian Centre for Reconciliation in Syria said the attack had been carried out with foreign weapons."
    (a,) = attribute(text, split_sentences(text))
    assert a.speaker == "The Russian Centre for Reconciliation in Syria"


def test_a_strike_that_claimed_lives_is_no_speaker() -> None:
    text = "The blast claimed the lives of six people in the market."
    a = one(text)
    assert a.certainty == "asserted" and a.speaker is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Activists in rural Idlib said that five people were killed in air strikes on Sunday.",
            "Activists in rural Idlib",
        ),
        (
            "SANAs correspondent in Deir Ezzor said that a car bomb was detonated in the city.",
            "SANAs correspondent in Deir Ezzor",
        ),
        (
            "Media activists from Aleppo told the channel that the mother died shortly after.",
            "Media activists from Aleppo",
        ),
        ("A source at Daraa province told the agency that rocket shells hit the city.", "A source at Daraa province"),
    ],
)
def test_a_speaker_named_with_where_they_are_keeps_the_place_in_the_phrase(text: str, speaker: str) -> None:
    # the place after "in", "at", "from" is where the speaker is, not the speaker
    (att,) = attribute(text, split_sentences(text))
    assert att.speaker == speaker
