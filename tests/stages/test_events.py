"""Events with date, place, participants and modality, merged within a document."""


def by_type(analysis, etype):
    return [e for e in analysis.events if e.type == etype]


def test_meeting_dated_by_weekday_relative_to_publication(analyze):
    text = ("Chinas Außenminister Wang Yi traf sich am Dienstag in Almaty mit seinen Amtskollegen "
            "aus Kasachstan und Usbekistan.")
    events = analyze(text, published="2025-01-15").events
    meeting = [e for e in events if e.type == "meeting"][0]
    assert meeting.date == "2025-01-14"
    assert meeting.place == "almaty"
    assert {"china", "kazakhstan", "uzbekistan"} <= set(meeting.participants)


def test_sentences_about_one_summit_make_one_event(analyze):
    text = ("Beim Gipfel in Washington sprachen die USA mit Kasachstan und Usbekistan. "
            "Der Gipfel fand unter dem Vorsitz von Präsident Donald Trump statt. "
            "Auch Kirgisistan und Tadschikistan nahmen an dem Gipfel teil.")
    summits = by_type(analyze(text, published="2025-11-10"), "summit")
    assert len(summits) == 1
    assert {"united-states", "kazakhstan", "kyrgyzstan", "tajikistan"} <= set(summits[0].participants)
    assert summits[0].place == "washington-dc"


def test_planned_project_milestone(analyze):
    text = "Der Bau der Bahnstrecke China–Kirgisistan–Usbekistan soll im Juli 2025 beginnen."
    project = by_type(analyze(text, published="2025-05"), "project")[0]
    assert project.modality == "planned"
    assert project.date == "2025-07"
    assert {"china", "kyrgyzstan", "uzbekistan"} <= set(project.participants)


def test_background_agreement_keeps_its_own_date(analyze):
    text = "Die im Juni unterzeichnete Vereinbarung zwischen China, Kirgisistan und Usbekistan gilt als Durchbruch."
    agreement = by_type(analyze(text, published="2025-01-15"), "agreement")[0]
    assert agreement.date == "2024-06"


def test_capital_phrase_gives_the_place(analyze):
    text = "In Kasachstans Hauptstadt trafen sich am Mittwoch die Außenminister Chinas und Russlands."
    meeting = analyze(text, published="2024-07-05").events[0]
    assert meeting.place == "astana"


def test_english_visit(analyze):
    text = "Turkish President Recep Tayyip Erdoğan visited Tashkent on Monday for talks with Uzbekistan's leaders."
    visit = by_type(analyze(text, published="2025-03-05", language="en"), "visit")[0]
    assert visit.date == "2025-03-03"
    assert visit.place == "tashkent"
    assert {"turkey", "uzbekistan"} <= set(visit.participants)


def test_undated_event_without_publication_date_stays_undated(analyze):
    text = "Bei seinem Besuch in Kasachstan wurde Xi Jinping herzlich empfangen."
    visit = by_type(analyze(text, published=None), "visit")[0]
    assert visit.date is None


def test_evidence_is_a_span_of_the_text(analyze):
    text = "Kasachstan und China unterzeichneten am Montag in Astana ein Abkommen über den Bahnverkehr."
    for event in analyze(text, published="2025-04-09").events:
        assert "Abkommen" in text[event.evidence.start:event.evidence.end]
