"""Role phrases resolved by date, people found from cue words, short forms within a document."""


def entity(analysis, entity_id):
    return next((e for e in analysis.entities if e.id == entity_id), None)


def test_role_phrase_resolves_to_holder_at_publication_date(analyze):
    text = "Kasachstans Außenminister sprach von einem Erfolg."
    assert entity(analyze(text, published="2025-05"), "murat-nurtleu") is not None


def test_us_president_depends_on_the_date(analyze):
    text = "Der US-Präsident lud die Staatschefs ein."
    assert entity(analyze(text, published="2024-07-01"), "joe-biden") is not None
    assert entity(analyze(text, published="2025-11-10"), "donald-trump") is not None


def test_english_role_phrase(analyze):
    text = "The President of Kazakhstan arrived in Beijing."
    assert entity(analyze(text, published="2018-06-01", language="en"), "nursultan-nazarbayev") is not None


def test_role_phrase_without_publication_date_stays_unresolved(analyze):
    analysis = analyze("Kasachstans Präsident sprach.", published=None)
    assert not [e for e in analysis.entities if e.type == "person"]


def test_unknown_person_from_appositive_cue(analyze):
    text = "Anna Petrowa Iwanowa, Forschungsstipendiatin am Institut, betonte die Bedeutung."
    analysis = analyze(text, published="2025-01-15")
    person = entity(analysis, "anna-petrowa-iwanowa")
    assert person is not None and person.type == "person"


def test_unknown_person_after_role_word(analyze):
    text = "Der Gouverneur Bakhyt Ospanov eröffnete das Werk."
    assert entity(analyze(text, published="2025-01-15"), "bakhyt-ospanov") is not None


def test_short_form_resolves_to_full_name(analyze):
    text = (
        "Zhanar Kuanyshbekova, Sprecherin des Ministeriums, äußerte sich am Montag. "
        "Kuanyshbekova sagte, die Gespräche gingen weiter."
    )
    person = entity(analyze(text, published="2025-01-15"), "zhanar-kuanyshbekova")
    assert person is not None and len(person.mentions) == 2


def test_surname_of_kb_person_resolves_after_full_name(analyze):
    text = "Chinas Minister für öffentliche Sicherheit, Wang Xiaohong, reiste an. Wang lobte die Gastgeber."
    person = entity(analyze(text, published="2025-01-15"), "wang-xiaohong")
    assert person is not None and [m.text for m in person.mentions] == ["Wang Xiaohong", "Wang"]


def test_unknown_organisations_from_the_word_ending_their_name(analyze):
    text = "Experten der Halyk Bank, des Eurasia Policy Institute und der Tsinghua-Universität diskutierten."
    found = {e.id: e.type for e in analyze(text, published="2025-01-15").entities}
    assert found.get("halyk-bank") == "organization"
    assert found.get("eurasia-policy-institute") == "organization"
    assert found.get("tsinghua-university") == "organization"  # in the knowledge base


def test_generic_names_are_not_organisations(analyze):
    analysis = analyze("The Central Bank raised its rate.", published="2025-01-15", language="en")
    assert not [e for e in analysis.entities if e.type == "organization"]
