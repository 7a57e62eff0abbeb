"""Extraction rules found on real letters published as web pages and memos (a page's lead
above "To:" / "From:" lines, devolved ministers who name their government only in the
text), each shown on a fictional letter."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.extract import extract

_MEMO = (
    "Ferry services: letter to the UK Government\n\n"
    "The Islands Secretary calls for action on ferry fares ahead of the spring statement.\n\n"
    "To: Rt Hon Alan Brightwater MP, Secretary of State for Transport\n\n"
    "From: Morag Kinnear, Cabinet Secretary for Islands and Transport\n\n"
    "Ferry fares\n\n"
    "The fares on the routes to the islands have risen by a third since 2022, and the "
    "Scottish Government is doing what it can within its powers.\n\n"
    "I look forward to your reply.\n"
)


def test_a_pages_lead_above_a_memos_to_and_from_lines_leaves_them_readable() -> None:
    """The lead ("The Islands Secretary calls for ...") is the page's sentence, not the
    letter's first: the "To:" and "From:" below it still name the parties."""
    found = extract(_MEMO)
    assert (found.sender_name, found.sender_role) == (
        "Morag Kinnear",
        "Cabinet Secretary for Islands and Transport",
    )
    assert (found.recipient_name, found.recipient_role) == (
        "Alan Brightwater",
        "Secretary of State for Transport",
    )


def test_a_letter_whose_first_lines_are_prose_keeps_them_as_its_own() -> None:
    """Guard: with no "To:" / "From:" below, a heading's next sentence is the letter's."""
    text = (
        "Ferry services\n\nI am writing about the fares on the routes to the islands, which "
        "have risen by a third.\n\nYours sincerely,\n\nMorag Kinnear\n"
    )
    assert extract(text).sender_name == "Morag Kinnear"


@pytest.mark.parametrize(
    ("named", "org"),
    [
        ("the Scottish Government is doing what it can", "Scottish Government"),
        ("the Welsh Government is doing what it can", "Welsh Government"),
        ("the Welsh Government and the Scottish Government are doing what they can", None),
        ("we are doing what we can", None),
    ],
)
def test_a_devolved_office_is_held_in_the_government_the_letter_names(
    named: str, org: str | None
) -> None:
    """ "Cabinet Secretary for ..." and "First Minister" are offices of a devolved
    government: the one the letter names, if it names only one."""
    text = (
        "3 March 2024\n\nDear Alan,\n\nThe fares on the routes to the islands have risen by a "
        f"third since 2022, and {named}.\n\nYours sincerely,\n\nMorag Kinnear\n"
        "Cabinet Secretary for Islands and Transport\n"
    )
    assert extract(text).sender_org == org


@pytest.mark.parametrize(
    ("greeting", "direction"),
    [("Dear Colleague", "to_mp"), ("Dear colleagues", "to_mp"), ("Dear Ms Quill", "other")],
)
def test_a_ministers_dear_colleague_letter_is_to_members(greeting: str, direction: str) -> None:
    """A minister writing "Dear Colleague" writes to Members; the last case is a guard."""
    text = (
        "Letter from the Secretary of State for Transport on rural bus fares\n\n"
        f"{greeting}\n\nI have today set out the Government's plans for rural bus fares, which "
        "will cap a single journey at two pounds.\n\nI hope this is helpful.\n"
    )
    assert extract(text).direction == direction


def test_a_letter_to_the_chair_under_a_page_title_naming_the_committee() -> None:
    """ "Letter to the Chair from the Minister ..." below "... - Kelby Affairs Committee":
    the committee's chair, an MP."""
    text = (
        "Ferry Services: Government Response to the Committee's Third Report - Kelby Affairs "
        "Committee Contents\n\n\n"
        "Letter to the Chair from the Minister of State for Transport, Rt Hon Jo Amble MP\n\n"
        "I attach the Government's response to the recommendations on ferry services. I look "
        "forward to discussing it with Members.\n\n22 October 2010\n"
    )
    assert extract(text).direction == "to_mp"


def test_a_heading_wrapped_before_committee_names_the_whole_committee() -> None:
    """ "... to the Chairman of the Kelby Roads and Rivers" / "Committee, 2 March 2009"."""
    text = (
        "Letter from the Chairman of the Kelby Water\nBoard to the Chairman of the Kelby Roads "
        "and Rivers\nCommittee, 2 March 2009\nYou asked for the views of the Board on the "
        "flood plan.\nWe welcome the plan and have begun the work it asks of us.\n"
    )
    found = extract(text)
    assert found.recipient_role == "Chairman of the Kelby Roads and Rivers Committee"
    assert (found.date, found.direction) == (dt.date(2009, 3, 2), "to_mp")


def test_a_committees_letterhead_run_into_one_line_names_the_committee_and_its_chair() -> None:
    """A letterhead flattened into the first line ("Kelby Affairs Committee House of Commons
    London ...") names the writer's body; the committee's chair writes as an MP."""
    text = (
        "Kelby Affairs Committee House of Commons, Committee Office, London SW1A 0AA Tel 020 "
        "7219 0000 Email kelbycom@parliament.uk Jo Amble, Chief Executive, Kelby Ferries, Quay "
        "Street, Kelby 28 March 2018\nThank you for your letter of 20 March about the ferry "
        "timetable. The Committee expects the review to be independent.\n"
    )
    found = extract(text)
    assert (found.sender_org, found.direction) == ("Kelby Affairs Committee", "from_mp")


def test_a_lords_letterhead_run_into_one_line_names_the_committee_not_the_house() -> None:
    text = (
        "House of Lords Tel: 020 7219 0000 London Fax: 020 7219 0001 Kelby Affairs Committee "
        "SW1A 0PW kelby@parliament.uk\n\nJo Amble 11 March 2021 Minister of State Cabinet "
        "Office 70 Whitehall London SW1A 2AS\n\nDear Jo\n\nThe Committee has taken a close "
        "interest in the ferry services.\n\nYours sincerely,\n\nLord Tarn\n"
    )
    assert extract(text).sender_org == "Kelby Affairs Committee"


def test_a_letter_starting_with_a_bodys_name_in_prose_names_no_letterhead() -> None:
    """Guard: a long first line of prose that opens with a body's name and no address."""
    text = (
        "Kelby Affairs Committee members asked me to write to you about the ferry timetable, "
        "which has changed three times this year without notice to passengers.\n\nJo Amble\n"
    )
    assert extract(text).sender_org is None


def test_a_companys_chairman_writing_to_a_committee_is_not_its_chair() -> None:
    """ "Chairman and CEO, Kelby Ferries Group" under the committee's running head."""
    text = (
        "Kelby Affairs CommitteeWritten evidence submitted by Jo Amble, Chairman and CEO, "
        "Kelby Ferries Group\nThank you for your letter of 19 January 2012. I set out below the "
        "answers to the two questions you asked.\n"
    )
    found = extract(text)
    assert found.direction != "from_mp"
    assert found.mp is None


def test_a_committee_chair_writing_to_another_committee_is_an_mp_to_an_mp() -> None:
    """Guard: "your Committee's inquiry" from the chair of the Committee of Public Accounts."""
    text = (
        "Kelby Affairs Committee House of Commons, Committee Office, London SW1A 0AA Tel 020 "
        "7219 0000 Email kelbycom@parliament.uk 25 May 2000\nMany thanks for your letter of 18 "
        "May alerting me to your Committee's inquiry into the ferry services.\n"
    )
    assert extract(text).direction == "other"


def test_a_joint_committees_chair_may_be_a_peer() -> None:
    """The chair of a Joint Committee writing to nobody the text names is no MP for sure."""
    text = (
        "Letter from the Chair to the Committee\nto the Rt Hon Jo Amble MP, Kelby Secretary, "
        "dated 11 November\n2008\nThank you for giving evidence to the Joint Committee\non "
        "Kelby Rights on 28 October. There were a number of questions\nwhich we did not "
        "reach, for which we would like written replies.\n"
    )
    assert extract(text).direction == "other"


def test_a_memos_from_line_may_give_the_office_before_the_name() -> None:
    """ "From: Cabinet Secretary for Islands Jo Ann Doe": the office, then the name."""
    text = (
        "To:  Transport Secretary Alan Brightwater\n\n"
        "From:  Cabinet Secretary for Islands and Transport Morag Kinnear\n\n"
        "26 September 2025\n\nDear Alan,\n\nI am writing about the ferry fares to the islands, "
        "which the Scottish Government has asked you to review.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == (
        "Morag Kinnear",
        "Cabinet Secretary for Islands and Transport",
    )
    assert (found.recipient_name, found.recipient_role) == (
        "Alan Brightwater",
        "Transport Secretary",
    )


@pytest.mark.parametrize(
    ("heading", "direction"),
    [
        (
            "Letter to the Chair of the Committees from Rt Hon Jo Amble MP, Secretary of State "
            "for Kelby Affairs",
            "to_mp",
        ),
        (
            "Letter from the Chair of the Committees to the Minister for Kelby Trade",
            "from_mp",
        ),
    ],
)
def test_the_chair_of_committees_sitting_together_is_an_mp(heading: str, direction: str) -> None:
    """ "Chair of the Committees" (the Commons' committees on arms exports sit together)."""
    text = (
        f"{heading}\n\nThank you for your letter of 14 July concerning the review of export "
        "controls, on which the Committees will report in the autumn.\n"
    )
    assert extract(text).direction == direction


def test_a_response_to_a_consultation_is_the_document_not_its_writer() -> None:
    """ "Response to Kelby Rail Consultation on timetable changes from 9th December 2018",
    then "from Jo Amble MP": the MP wrote it; the date is when the changes start."""
    text = (
        "Response to Kelby Rail Consultation on timetable changes from 9th December 2018\n\n"
        "from Jo Amble MP\n\nKelby North\n\n1. Introduction\n\nThis is my formal response to "
        "this consultation, as the local Member of Parliament for Kelby North, on behalf of "
        "my constituents who use the line every day.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_org, found.mp) == ("Jo Amble", None, "Jo Amble")
    assert (found.direction, found.date) == ("from_mp", None)


def test_a_headings_own_date_is_still_the_letters() -> None:
    """Guard: "Letter from Jo Amble to Ann Quill, 9 December 2018" keeps its date."""
    text = (
        "Letter from Jo Amble to Ann Quill, 9 December 2018\n\nDear Ann,\n\nThank you for "
        "your letter about the timetable.\n\nYours sincerely,\n\nJo Amble\n"
    )
    assert extract(text).date == dt.date(2018, 12, 9)


@pytest.mark.parametrize(
    ("opening", "role"),
    [
        (
            "As National Statistician, I have been asked to reply to your question.",
            "National Statistician",
        ),
        ("As Chief Constable, I have been asked to reply to your question.", "Chief Constable"),
        (
            "As the National Statistician explained last month, we are grateful for the report.",
            None,
        ),
        ("We looked at measures such as the headline rate of unemployment in Kelby.", None),
        ("We took steps such as the regulatory sandbox for new firms in Kelby.", None),
    ],
)
def test_an_office_of_one_holder_the_writer_names_as_theirs(opening: str, role: str | None) -> None:
    """ "As National Statistician, I ..." is the writer's office; "As the National
    Statistician explained" is another's, and "such as the headline rate" no office at all
    (the last three guard the first two: an office found inside a longer word or another's
    sentence)."""
    text = f"Dear Ms Quill,\n\n{opening}\n\nYours sincerely,\n\nJo Amble\n"
    assert extract(text).sender_role == role


def test_a_pages_question_title_names_no_one() -> None:
    """ "What Jo Wrote to Kelby Rail's Chief Executive": "What Jo" is no name and no body."""
    text = (
        "What Jo Wrote to Kelby Rail's Chief Executive\n\nDear Mr Tarn,\n\nI am writing about "
        "the new timetable, which came into effect on 20 May.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_org) == (None, None)


def test_a_page_lead_in_the_writers_voice_names_no_body() -> None:
    """ "Today I have written to the Leader of Kelby Council ...": "Today I" is no body."""
    text = (
        "Kelby Housing letter\n\nToday I have written to the Leader of Kelby Council about the "
        "housing company.\n\nCllr Ann Quill Leader, Kelby Council Town Hall 3rd July 2017\n\n"
        "Dear Ann\n\nWe are writing further to our letters about the housing company.\n"
    )
    assert extract(text).sender_org is None


def test_an_office_in_a_page_title_leaves_the_body_to_the_letter() -> None:
    """ "KCC Leader writes to ..." is an office, not a body called "KCC Leader": the letter's
    "as the Leader of Kelby County Council" gives both."""
    text = (
        "KCC Leader writes to the Home Secretary about funding\n\nDear Home Secretary\n\n"
        "I am writing to you as the Leader of Kelby County Council about the funding of the "
        "care of children.\n"
    )
    found = extract(text)
    assert (found.sender_role, found.sender_org) == (
        "Leader of Kelby County Council",
        "Kelby County Council",
    )


def test_a_headings_writer_with_an_evidence_code_and_a_footnote_mark() -> None:
    """ "Letter from The Rt Hon Lord Tarn (LR 32)[11]": the code and the mark are no name."""
    text = (
        "Select Committee on Kelby Affairs Appendices to the Minutes of Evidence\n\n"
        "Letter from The Rt Hon Lord Tarn (LR 32)[11]\n\n  I am sorry that I had not read the "
        "supporting documents to the White Paper. I have now done so.\n\nJanuary 2002\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_org) == ("Lord Tarn", None)


def test_a_cut_off_letters_last_list_item_is_not_its_signature() -> None:
    """No sign-off: the heading's writer, not the last line of a list ("Kelby LGV")."""
    text = (
        "Letter from L. M. Amble to Mr. Ivo Tarn, dated 23 February 1995:\n\nThe Secretary of "
        "State has asked me to reply to your question about the test centres in Kelby. I "
        "attach a list of them.\n\nTEST CENTRES BY REGION:\n\n  • Borders\n    • Duns\n"
        "    • Kelby\n    • Kelby LGV\n"
    )
    assert extract(text).sender_name == "L. M. Amble"


def test_a_governments_welsh_and_english_names_are_one_government() -> None:
    """ "Llywodraeth Cymru" is the Welsh Government's own name: one government, in English."""
    text = (
        "3 March 2024\n\nDear Alan,\n\nThe fares on the routes to the islands have risen by "
        "a third, and Llywodraeth Cymru, the Welsh Government, is doing what it can.\n\n"
        "Yours sincerely,\n\nRhodri Pugh\nFirst Minister\n"
    )
    assert extract(text).sender_org == "Welsh Government"


def test_a_later_heading_gives_the_same_writers_office_and_its_body() -> None:
    """ "Jo Amble - Letter to Ivo Tarn", then "The letter sent by Jo Amble, the Permanent
    Secretary at the Home Office, to Ivo Tarn": the second says more of the same writer."""
    text = (
        "Jo Amble - 2022 Letter to Ivo Tarn on the ferry plan\n\nThe letter sent by Jo Amble, "
        "the Permanent Secretary at the Home Office, to Ivo Tarn, the Home Secretary, on 13 "
        "April 2022.\n\nDear Home Secretary,\n\nThis letter sets out my assessment of the "
        "ferry plan.\n\nThe Accounting Officer\n"
    )
    assert extract(text).sender_org == "Home Office"


@pytest.mark.parametrize(
    ("office", "org"),
    [
        ("the Permanent Secretary at the Home Office", "Home Office"),
        ("Parliamentary Commissioner for Standards", None),
    ],
)
def test_a_body_named_inside_the_writers_office(office: str, org: str | None) -> None:
    """A body the registry knows, after "of" or "at" in the heading's office; an office that
    is itself the registry's body (the second case, a guard) is no body the labels give."""
    text = (
        f"Letter from Jo Amble, {office}, to Ivo Tarn MP\n\nDear Mr Tarn,\n\nThank you for "
        "your letter about the flood plan.\n\nYours sincerely,\n\nJo Amble\n"
    )
    assert extract(text).sender_org == org


def test_a_lead_saying_the_writer_responds_to_an_mp() -> None:
    """ "Sir Jo Amble, Chair of the UK Statistics Authority, responds to Ann Quill MP on ...":
    a page's lead naming the writer, their office and the MP, as "writes to" does."""
    text = (
        "Sir Jo Amble, Chair of the UK Statistics Authority, responds to Ann Quill MP on the "
        "use of school statistics.\n\n\nDear Ms Quill,\n\nThank you for your letter of 23 "
        "November 2018.\n\nYours sincerely,\n\nSir Jo Amble\n"
    )
    found = extract(text)
    assert (found.sender_org, found.mp, found.direction) == (
        "UK Statistics Authority",
        "Ann Quill",
        "to_mp",
    )


@pytest.mark.parametrize(
    ("writer", "direction"),
    [
        ("Morag Kinnear MSP", "other"),
        ("Morag Kinnear MSP, Cabinet Secretary for Islands and Transport", "to_mp"),
    ],
)
def test_a_member_of_another_legislature_writing_to_an_mp(writer: str, direction: str) -> None:
    """ "from Jo Doe MSP" with no office is a member of another legislature, not a body: an
    MSP to an MP is "other"; a Scottish minister to an MP is a minister's letter (a guard)."""
    text = (
        f"Letter to Alan Brightwater MP from {writer}: 24 January 2020\n\nDear Alan\n\n"
        "Thank you for your letter of 17 January 2020 about the ferry fares to the islands.\n"
    )
    assert extract(text).direction == direction


def test_a_pages_title_and_lead_above_a_memo_without_a_heading() -> None:
    """ "Ferry policy proposals: letter to Transport Office Minister" (no writer named), a
    lead, then "To:" and "From: Minister for Islands Morag Kinnear": the memo's lines name
    the parties."""
    text = (
        "Ferry policy proposals: letter to Transport Office Minister\n\n"
        "Islands Minister calls for an urgent meeting to discuss the ferry fares.\n\n"
        "To: Alan Brightwater MP, Minister of State for Transport\n\n"
        "From: Minister for Islands Morag Kinnear\n\n"
        "May I congratulate you on your new role as Minister of State for Transport.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.recipient_name) == ("Morag Kinnear", "Alan Brightwater")


def test_a_conveners_committee_named_with_its_parliament() -> None:
    """ "Letter from the Convener ..." under "Kelby Affairs Committee", and "the Scottish
    Parliament's Kelby Affairs Committee" in the letter: one committee, the writer's."""
    text = (
        "Kelby Affairs Committee\n\n\nFerry Bill Legislative Consent Memorandum\n\n"
        "Letter from the Convener to the Secretary of State for Transport, 10 September 2021\n\n"
        "\nDear Secretary of State,\n\nAt the meeting of the Scottish Parliament’s Kelby Affairs "
        "Committee on 7 September, the Committee considered the powers in the Bill.\n"
    )
    assert extract(text).sender_org == "Kelby Affairs Committee"


def test_a_firms_name_over_two_letterhead_lines_names_no_person() -> None:
    """ "Third Eye" / "Forensic Accountants": a firm's name, not a person called "Forensic
    Accountants" with the office "Third"."""
    text = (
        "Written evidence submitted by Third Eye Forensic Accountants (KEL0035)\n\n"
        "Third Eye\n\nForensic Accountants\n\nMr Alan Brightwater MP Chair\n\nKelby Affairs "
        "Committee House of Commons\n\nLondon SW1A 0AA\n\n25th January 2022\n\nDear Mr "
        "Brightwater,\n\nIn 2012 Third Eye was appointed to look into the ferry accounts.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == (None, None)
    assert found.sender_org == "Third Eye Forensic Accountants"


def test_a_greeting_by_another_given_name_leaves_the_letterhead_the_writers() -> None:
    """ "Dear Morwen" under "THE RT HON JO AMBLE MP / Secretary of State ...": the block's
    person is not the one greeted, so the block is the writer's letterhead, not the
    addressee's (a greeting's name the name list lacks still differs from a known one)."""
    found = extract(
        "THE RT HON JO AMBLE MP\n\nSecretary of State for Work and Pensions\n\n"
        "Caxton House\n\nTothill Street\n\nLondon, SW1H 9NA\n\n3 March 2025\n\n"
        "Dear Morwen\n\nThank you for your letter about the benefit system in Kelbyshire.\n\n"
        "We will work with your officials on the pilot in the valleys.\n\n"
        "Yours sincerely,\n\nJo\n"
    )
    assert found.recipient_name != "Jo Amble"
    assert (found.sender_name, found.sender_org) == ("Jo Amble", "Department for Work and Pensions")


def test_a_greeting_of_several_chairs_is_an_office_not_a_name() -> None:
    """ "Dear Chairs" greets the chairs the blocks name (the first of them is the addressee),
    not a person called Chairs."""
    found = extract(
        "Chancellor of the Duchy of Lancaster\n70 Whitehall\nLondon SW1A 2AS\n\n"
        "Tamsin Gale MP\nChair, Kelby Affairs Committee\nHouse of Commons\n\n"
        "Robin Marsh MP\nChair, Fenholme Affairs Committee\n\n"
        "18 January 2021\n\nDear Chairs,\n\nThank you for your letter of 8 January.\n\n"
        "Yours sincerely,\n\nAlex Dunmore\n"
    )
    assert found.recipient_name == "Tamsin Gale"
    assert found.direction == "to_mp"


def test_a_page_title_naming_the_inquiry_then_the_committee_names_the_chairs_committee() -> None:
    """ "Harbour Dues - Kelby, Harbours and Fisheries Committee" over "Letter ... from Jo Amble MP,
    Chairman of the Committee, to ...": the committee is the one the page title names, not
    another the letter names."""
    found = extract(
        "Harbour Dues - Kelby, Harbours and Fisheries Committee\n\n"
        "Letter of 3 March 2009 from Mr Jo Amble MP, Chairman of the Committee, to Professor "
        "R T Gale, Vice-Chancellor of the University of Kelby\n\n"
        "  You will be aware that Dr Lena Brook made a written submission to the Committee's "
        "inquiry and that her submission was accepted as evidence.\n\n"
        "  The Committee may refer the matter to the Standards and Privileges Committee.\n\n"
        "  I should advise you that your reply may be published.\n\nMarch 2009\n"
    )
    assert found.sender_org == "Kelby, Harbours and Fisheries Committee"
    assert found.sender_name == "Jo Amble"


def test_a_chairs_line_with_a_dash_is_no_page_title() -> None:
    """Guard: "Chair - Fenholme Affairs Committee" in an address is the addressee's office,
    not a publication's title naming the writer's committee."""
    found = extract(
        "Department for Kelby Affairs\nLondon SW1H 0ET\n\nJo Amble MP\n"
        "Chair - Fenholme Affairs Committee\nHouse of Commons\nLondon SW1A 0AA\n\n"
        "3 March 2015\n\nDear Jo,\n\nThank you for your letter of 2 February about the "
        "harbour dues.\n\nYours sincerely,\n\nRobin Gale\n"
    )
    assert found.sender_org != "Fenholme Affairs Committee"
    assert found.recipient_name == "Jo Amble"


@pytest.mark.parametrize("letters", ["AO", "KG", "OM", "CH"])
def test_a_commonwealth_or_order_honour_after_a_name_is_no_part_of_it(letters: str) -> None:
    """ "Letter to the Chairman from Dr Lena Brook AO": the honour's letters (the Order of
    Australia's, the Garter's, Merit's, the Companions of Honour's) follow the name; the
    name is not read as a body's."""
    found = extract(
        f"Letter to the Chairman from Dr Lena Brook {letters}\n\n"
        "  As you are aware, I resigned as Chief Executive of the Kelby Qualifications Board "
        "on 12 December 2008, and I now hope to contribute to the discussion again.\n\n"
        "  I would be glad to give evidence to the Committee.\n\nApril 2009\n"
    )
    assert found.sender_name == "Lena Brook"
    assert found.sender_org != f"Dr Lena Brook {letters}"


def test_a_heading_naming_an_mp_by_their_seats_place_says_an_mp_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Kelby MP writes to Harbour Trust ...": a newspaper's name for the MP by the place
    they sit for (a place the gazetteer knows; Kelby is fictional, so it is added here)."""
    from archive.extract import cover

    monkeypatch.setattr(cover, "gazetteer", lambda: frozenset({"Kelby"}), raising=False)
    found = extract(
        "Kelby MP writes to Harbour Trust re: dredging of the channel\n\n"
        "Dear Ann,\n\nI am writing to you about the dredging of the harbour channel, which "
        "my constituents tell me has not happened since the spring.\n\n"
        "I look forward to your reply.\n"
    )
    assert (found.sender_role, found.sender_org, found.direction) == ("MP", None, "from_mp")


def test_an_adjective_of_an_office_in_a_title_names_no_office() -> None:
    """ "Prime Ministerial congratulations" is a page's title: "Ministerial" is not "Minister",
    and no one signs as the title."""
    found = extract(
        "Prime Ministerial congratulations\n\n"
        "Many congratulations on the publication of your 100th letter to the Kelby Gazette.\n\n"
        "This is a remarkable record and one which I imagine is unlikely to be beaten.\n"
    )
    assert found.sender_role is None


def test_an_office_then_a_topic_after_a_dash_is_a_title_not_an_office() -> None:
    """ "Chief Whip - no delay until May" over a letter to the Chief Whip: the page's title
    names the addressee's office, then the topic; it is no one's office as written."""
    found = extract(
        "Chief Whip - no delay until May\n\n7 September 2006\n\nJo Amble MP Chief Whip\n\n"
        "Dear Jo,\n\nOf course the present row is damaging the party, and the change must "
        "come as quickly as possible.\n\nYours,\n\nRobin Gale\n"
    )
    assert found.sender_role != "Chief Whip - no delay until May"


def test_a_lead_saying_when_before_the_writers_name_gives_no_office() -> None:
    """ "On Monday 9th October, Jo Amble MP and I wrote to ...": the words before the name
    say when, not the writer's office."""
    found = extract(
        "Letter to the Secretary of State for Kelby regarding the harbour\n\n"
        "On Monday 9th October, Jo Amble MP and I wrote to the Secretary of State for Kelby "
        "regarding the harbour, particularly about the proposals leaked last week.\n\n"
        "Dear Michael,\n\nWe write formally to place on record our concerns.\n\n"
        "Yours sincerely,\n"
    )
    assert found.sender_role != "On Monday 9th October"


def test_a_clause_after_the_writers_name_in_a_heading_is_not_part_of_it() -> None:
    """ "Letter from Lord Amble requesting additional resources for the X Committee": the
    clause after the name ("requesting ...") is the topic, even with no comma before it."""
    found = extract(
        "Letter from Lord Amble requesting additional resources for the Kelby Affairs "
        "Committee\n\nI am writing to you about the resource requirements of the Kelby "
        "Affairs Committee's subcommittee, which their Lordships asked to scrutinise the "
        "Harbours Bill.\n"
    )
    assert found.sender_name == "Lord Amble"


def test_a_headings_bare_office_is_the_writers_office() -> None:
    """ "Council Leader's letter to Home Secretary": the writer's office, though the heading
    names no body and the letter gives no other."""
    found = extract(
        "Council Leader's letter to Home Secretary\n\nDispersal of asylum seekers to Kelby\n\n"
        "I am writing to you following your recent decision to house up to 80 asylum seekers "
        "in a hotel in the borough, and I wanted to set out the council's concerns.\n\n"
        "I would urge you to clarify the matters I have raised as soon as possible.\n"
    )
    assert found.sender_role == "Council Leader"


def test_a_headings_bare_office_yields_to_the_one_the_writer_gives() -> None:
    """Guard: "KBC Leader writes to ..." over "I am writing to you as the Leader of Kelby
    Borough Council":
    the writer's own words name the office in full."""
    found = extract(
        "KBC Leader writes to Home Secretary\n\n"
        "Dear Home Secretary\n\nI am writing to you as the Leader of Kelby Borough Council "
        "about the hotel in the borough.\n\nI look forward to your reply.\n"
    )
    assert found.sender_role == "Leader of Kelby Borough Council"


def test_a_forum_named_after_a_place_is_no_persons_name() -> None:
    """ "... and the chair of the Kelby and Fenholme Economic Forum have written to ...":
    "Fenholme Economic Forum" is a body's name, not a person's."""
    from archive.extract.names import clean_name

    assert clean_name("Fenholme Economic Forum") is None
    assert clean_name("Kelby Business Alliance") is None


def test_a_peer_chairing_a_committee_does_not_write_as_an_mp() -> None:
    """ "Letter from Lord Amble, Chairman of the Committee to Jo Gale MP" under "Select
    Committee on Kelby Communities": a peer chairs a Lords committee, whatever its name;
    the letter is not from an MP."""
    found = extract(
        "Select Committee on Kelby Communities Report\n\n\n"
        "Letter from Lord Amble, Chairman of the Committee to Jo Gale MP, Economic Secretary "
        "to the Treasury\n\n  As you will be aware this is an important proposal, which the "
        "Sub-Committee considered at its meeting today.\n\n  This letter lifts the scrutiny "
        "reserve.\n\n30 June 1998\n"
    )
    assert found.direction != "from_mp"
    assert found.mp != "Lord Amble"


def test_a_lead_saying_the_letter_was_sent_by_one_to_another_names_both() -> None:
    """ "The following letter was sent by Jo Amble MP to Prime Minister Robin Gale on
    Saturday 4 November, urging him ...": the lead names the writer and the addressee (not
    the byline's MP as the addressee)."""
    found = extract(
        "I urge you to act on the harbour – Jo Amble MP\n\nBy Jo Amble MP\n\n"
        "The following letter was sent by Jo Amble MP to Prime Minister Robin Gale on Saturday "
        "4 November, urging him to act on the harbour.\n\nYou can read the full text below.\n\n"
        "Dear Prime Minister,\n\nI am writing to urge you to act on the Kelby harbour.\n"
    )
    assert (found.sender_name, found.recipient_name) == ("Jo Amble", "Robin Gale")
    assert found.direction == "from_mp"


def test_an_office_after_a_dash_in_a_headings_party_is_the_partys_office() -> None:
    """ "Letter to Rt Hon Robin Gale - Secretary of State for Transport": the addressee's
    office after the dash, so the letter is to a minister, not to an MP."""
    found = extract(
        "Letter to Rt Hon Robin Gale - Secretary of State for Transport\n\n"
        "Rt Hon Robin Gale\n\nSecretary of State for Transport\n\nDepartment for Transport\n\n"
        "London\n\nSW1P 4DR\n\nDate:      27.11.14\n\nDear Robin,\n\n"
        "I am writing to call on you to halt the award of the Kelby rail franchise.\n"
    )
    assert found.recipient_role == "Secretary of State for Transport"
    assert found.direction != "to_mp"


def test_a_to_line_without_a_colon_names_the_addressee() -> None:
    """ "To Jo Amble, Chief Executive, Kelby Water" (no colon) then a second addressee's
    line: the first is the addressee, and the line is nobody's office as the writer's."""
    found = extract(
        "Open letter to Kelby Water and the Kelby Consumer Panel\n\n18 March 2015\n\n"
        "To Jo Amble, Chief Executive, Kelby Water\n\n"
        "Robin Gale, Chief Executive, Kelby Consumer Panel\n\n"
        "Dear Jo and Robin,\n\nAt a meeting on Tuesday 17 March I asked how the charges "
        "could be justified.\n\nYours,\n\nLena Brook\n"
    )
    assert found.recipient_name == "Jo Amble"
    assert found.sender_role != "To Jo Amble, Chief Executive, Kelby Water"


def test_a_heading_broken_after_deputy_goes_on_to_the_office() -> None:
    """ "Letter to Mr Jo Gale MP from the Deputy" / "Parliamentary Commissioner for
    Administration": one heading, and the office is the writer's; the letter's first
    sentence ("You wrote to the Parliamentary Ombudsman on") names no one's office or body."""
    found = extract(
        "Letter to Mr Jo Gale MP from the Deputy\n"
        "Parliamentary Commissioner for Administration\n"
        "You wrote to the Parliamentary Ombudsman on\n"
        "28 January enclosing a letter and papers from Lena\n"
        "Brook, the Chief Executive of Kelby Water, who complains that the\n"
        "regulator refused to release information.\n"
        "I have considered carefully the papers which\n"
        "you forwarded.\n"
    )
    assert found.sender_role == "Deputy Parliamentary Commissioner for Administration"
    assert found.sender_org != "You"
    assert found.recipient_name == "Jo Gale"


def test_then_before_an_office_in_a_heading_is_not_part_of_it() -> None:
    """ "Letter from Rt Hon Jo Amble MP, then Minister of State for Harbours, to the
    Chairman ...": the office is "Minister of State for Harbours"."""
    found = extract(
        "Select Committee on Kelby Affairs Fifth Special Report\n\n\n"
        "Letter from Rt Hon Jo Amble MP, then Minister of State for Harbours, to the Chairman "
        "of the Committee.\n\n\nWe enclose our response to the Report of the inquiry into the "
        "harbours.\n"
    )
    assert found.sender_role == "Minister of State for Harbours"


@pytest.mark.parametrize(
    "subject",
    [
        "RE: PARLIAMENTARY QUESTIONS TO THE SECRETARY OF STATE FOR THE HOME DEPARTMENT",
        "Re visit by Shadow Health Minister to Kelby hospital",
    ],
)
def test_a_subject_line_naming_an_office_is_no_ones_office(subject: str) -> None:
    """A letter's subject line ("RE: ... TO THE SECRETARY OF STATE ...") names an office it
    is about, not the writer's."""
    from archive.extract.lexicon import is_role_line

    assert not is_role_line(subject)
    found = extract(
        f"Jo Amble MP\nHouse of Commons\nLondon SW1A 0AA\n\n12 March 2010\n\n{subject}\n\n"
        "Dear Ms Amble,\n\nThank you for your letter about the complaints.\n\n"
        "Yours sincerely,\n\nRobin Gale\n"
    )
    assert found.sender_role != subject


def test_a_lead_in_reply_to_someones_letter_names_the_addressee_not_a_writer() -> None:
    """ "In reply to Jo Amble's letter of 6th September": the letter answers Jo Amble, who
    is no body called "In"; her "letter of 6th September" is not part of her name."""
    found = extract(
        "Re: Kelby Harbour Bill\n\nIn reply to Jo Amble’s letter of 6th September\n"
        "From: Robin Gale\nSent: 20 September 2010 14:20\nTo: Jo Amble\n"
        "Subject: Re: Kelby Harbour Bill\nDear Ms Amble,\nThank you for your letter dated "
        "6th September. I still ask that you support the Bill in the House.\n"
    )
    assert found.sender_org != "In"
    assert found.recipient_name == "Jo Amble"


def test_a_plurals_possessive_heading_names_a_group_not_a_body() -> None:
    """ "Charities' letter to the prime minister": a group of charities, not a body called
    "Charities'"."""
    found = extract(
        "Charities' letter to the prime minister on grant clauses\n\n10 February 2016\n\n"
        "The Rt Hon Robin Gale MP\nThe Prime Minister\n10 Downing Street\n\n"
        "Dear Prime Minister\n\nWe are writing about the new grant guidance.\n"
    )
    assert found.sender_org != "Charities'"


def test_a_sentences_clause_wrapped_onto_its_own_line_is_no_office_or_body() -> None:
    """ "Brook, the Chief Executive of Water UK, who complains that the": a line of a
    sentence wrapped short, however many capitals it holds; the heading's office stands."""
    from archive.extract.lexicon import is_role_line

    line = "Brook, the Chief Executive of Water UK, who complains that the"
    assert not is_role_line(line)
    found = extract(
        "Letter to Mr Jo Gale MP from the Deputy\n"
        "Parliamentary Commissioner for Administration\n"
        "You wrote to the Parliamentary Ombudsman on\n"
        "28 January enclosing a letter and supporting papers from Lena\n"
        f"{line}\n"
        "Office of Water Services (Ofwat) refused to release information\n"
        "which should be made available under the Code of Practice.\n"
    )
    assert found.sender_role == "Deputy Parliamentary Commissioner for Administration"
    assert found.sender_org is None or "Brook" not in found.sender_org


def test_a_page_title_ending_contents_still_names_its_committee() -> None:
    """ "National Harbours - Kelby, Harbours and Fisheries Committee Contents": the page's
    "Contents" link run into the title does not hide the committee."""
    from archive.extract.publications import publication_committee

    title = "National Harbours - Kelby, Harbours and Fisheries Committee Contents"
    found = publication_committee(title, 0, len(title))
    assert found is not None
    assert found[0] == "Kelby, Harbours and Fisheries Committee"


def test_a_hansard_heading_whose_date_runs_into_the_letter_names_its_addressee() -> None:
    """ "Letter from Jo Amble to Mr. Robin Gale, dated 20 November 1997The Secretary of
    State has asked me ...": the date run into the letter's first word still ends the
    addressee's name, so the letter is to that Member."""
    found = extract(
        "Letter from Jo Amble to Mr. Robin Gale, dated 20 November 1997The Secretary of State "
        "has asked me to reply to your recent Parliamentary Question, as it falls within my "
        "area of responsibility. The Agency operated open ended procedures for applications.\n"
    )
    assert found.recipient_name == "Robin Gale"
    assert found.direction == "to_mp"


def test_a_lead_describing_its_writers_names_no_body() -> None:
    """ "A coalition of organisations and individuals ... has written to the Secretary of
    State": a description of the writers, not a body's name."""
    found = extract(
        "Harbour inspections: open letter\n\nA coalition of organisations and individuals "
        "deeply concerned about the new inspections has written to the Secretary of State.\n\n"
        "Dear Robin Gale,\n\nWe are writing as a coalition deeply concerned about the "
        "proposals.\n"
    )
    assert found.sender_org is None or not found.sender_org.startswith("A coalition")


def test_a_body_an_agency_letter_keeps_naming_is_given_without_the_article() -> None:
    """An agency chief executive's Hansard letter (fictional people, a real agency) naming
    "the Court Service": the writer's body is "Court Service", not "the Court Service"."""
    found = extract(
        "Letter from Jo Amble to Mr. Robin Gale, dated 13 December 1995:\n\n"
        "The Parliamentary Secretary has asked me to reply to your Question about support "
        "work for the Court Service in Kelby. The Court Service will keep its standards, "
        "and the Court Service remains accountable for the work.\n"
    )
    assert found.sender_org == "Court Service"
