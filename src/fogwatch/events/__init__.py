"""Events and claims: ACLED-style events detected in sentences, who asserts them and how surely,
merged across articles and stories."""
