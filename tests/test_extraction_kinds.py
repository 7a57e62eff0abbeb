"""Extraction rules found on real letters of kinds the other tests do not cover (devolved
governments' bilingual letterheads, inquiry exhibits, news pages describing several MPs),
each shown on a fictional letter."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.extract import extract
from archive.extract.dates import parse_date
from archive.extract.names import clean_name, may_be_called
from archive.knowledge.organisations import find_org


def test_a_bilingual_letterheads_welsh_lines_name_no_one() -> None:
    text = (
        "Senedd Cymru\nBae Caerdydd, Caerdydd, CF99 1ZZ\nWelsh Parliament\n"
        "Cardiff Bay, Cardiff, CF99 1ZZ\n\n3 March 2024\n\nDear Rhodri,\n\nThe Committee "
        "thanks you for your evidence on the Tregarth crossing.\n\nYours sincerely,\n\n"
        "Eira Pugh MS\nChair\n"
    )
    found = extract(text)
    assert found.recipient_name == "Rhodri"
    assert found.sender_name == "Eira Pugh"


def test_a_news_sentences_description_of_several_mps_is_no_office() -> None:
    text = (
        "Kelby's MPs have demanded answers from Kelby Water over the outage.\n\n"
        "Now three of the town's four MPs have written to Kelby Water chief executive Ann "
        'Roe asking for answers.\n\n"We are grateful to Kelby Water for restoring the '
        'supply to our constituents."\n'
    )
    found = extract(text)
    assert found.sender_role is None
    assert found.direction == "from_mp"


def test_a_devolved_legislature_on_a_letterhead_is_where_its_committee_sits() -> None:
    text = (
        "Rhodri Vaughan MS\nMinister for the Economy\nWelsh Government\n\n"
        "Tregarth Economy Committee\n\nWelsh Parliament\n"
        "Cardiff Bay, Cardiff, CF99 1ZZ\n\n3 March 2024\n\nDear Rhodri,\n\nThe Committee "
        "thanks you for your evidence on the Tregarth crossing.\n\nYours sincerely,\n\n"
        "Eira Pugh MS\nCommittee Chair\n"
    )
    assert extract(text).sender_org == "Tregarth Economy Committee"


_REPLY_ON_TOP = (
    "From: Pellow Martin (Kelby Unit)[/O=KELBY PRODUCTION/OU=EXCHANGE ADMINISTRATIVE GROUP\n"
    "(FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=PELLOWT]\n"
    "Sent: Wed 07/01/2015\nTo: Minister's Office\nSubject: RE: next steps on the ferry\n"
    "Yes, the operator is preparing a reply to each point raised in the debate, and we will\n"
    "update the Minister next week when we see her.\n"
    "T\n"
    "From: Minister's Office\nSent: 07 January 2015 11:20\nTo: Pellow Martin (Kelby Unit)\n"
    "Subject: next steps on the ferry\n"
    "Hi Martin,\n"
    "The Minister was asking when advice on the ferry would come. Could you let me know?\n"
    "Thanks,\n"
    "Ann Quill\nPrivate Secretary to the Minister for Ferries\n"
)


def test_a_reply_on_top_of_a_quoted_message_is_the_letter_not_the_quoted_one() -> None:
    found = extract(_REPLY_ON_TOP)
    # The reply's writer, from its own header: an e-mail directory's "Surname Given" order
    # and the Exchange server's address after it are not part of the name.
    assert found.sender_name == "Martin Pellow"
    assert found.sender_role is None
    assert found.recipient_name != "Martin"


def test_a_forwarded_letter_is_still_read_as_the_letter() -> None:
    """A guard on the quoted-message cut: it must not reach a forwarded letter."""
    text = (
        "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Ann Quill\n"
        "Date: 3 March 2024\nTo: Kelby Council\nSubject: Ferry\n\nDear Councillor Roe,\n\n"
        "I write about the Kelby ferry, which has not run since January.\n\n"
        "Yours sincerely,\n\nAnn Quill\n"
    )
    found = extract(text)
    assert found.sender_name == "Ann Quill"
    assert found.recipient_name == "Roe"


def test_information_sent_on_after_a_committee_hearing_is_a_departments_to_its_chair() -> None:
    text = (
        "Supplementary information submitted by\nthe Department for Rural Transport\n"
        "I am writing with the follow up information\nI undertook to provide during my "
        "evidence session before the Rural\nAffairs Committee on 25 October.\n"
        "You asked why the department publishes details of its dealings with the\n"
        "Public Accounts Committee in the Annual Report but not of its dealings with yours.\n"
    )
    found = extract(text)
    assert found.sender_org == "Department for Rural Transport"
    assert found.direction == "to_mp"


def test_a_letter_of_a_date_from_a_vice_chancellor_names_its_parties_and_date() -> None:
    text = (
        "Students - Kelby Affairs Committee Contents\n\n"
        "Letter of 20 May 2009 from Professor Ann Roe, Vice-Chancellor of Kelby Metropolitan "
        "University, to Mr Ivo Vance MP, Chairman of the Committee\n\n"
        "Thank you for your letter. I am sorry that we did not respond sooner to the Clerk.\n"
    )
    found = extract(text)
    assert str(found.date) == "2009-05-20"
    assert (found.sender_name, found.sender_role, found.sender_org) == (
        "Ann Roe",
        "Vice-Chancellor",
        "Kelby Metropolitan University",
    )
    assert (found.recipient_name, found.direction) == ("Ivo Vance", "to_mp")


def test_a_subject_in_capitals_under_a_heading_is_neither_the_heading_nor_a_name() -> None:
    text = (
        "Select Committee on Modernisation Written Evidence\n\n\n"
        "Letter from Harriet Vance MP\n\nREACHING VOTERS\n\n"
        "  Thank you for your letter and survey form. Measures to restore the interest of "
        "voters must indeed be a priority for MPs.\n"
    )
    found = extract(text)
    assert found.sender_name == "Harriet Vance"
    assert found.sender_org is None


def test_a_word_ending_in_ing_leads_a_name_only_when_it_is_a_given_name() -> None:
    assert clean_name("ENGAGING VOTERS") is None
    assert clean_name("Irving Roe") is not None


def test_a_reply_received_by_someone_names_who_it_went_to() -> None:
    text = (
        "The reply from Ivo Vance received by Mrs Quill on May 19th\n\nHe wrote\n\n"
        "Dear Mrs Quill\n\nThank you for your letter about the Kelby cull. I agree entirely.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_org) == ("Ivo Vance", None)
    assert found.recipient_name == "Quill"


_CUT_OFF_LORDS_LETTER = (
    "Letter to The Rt Hon Lord Penhallow, Chairman\n"
    "of the Select Committee on the European Union, House of Lords,\n"
    "from Mr Ivo Vance MP, Minister for Asia and the Pacific, Foreign and Commonwealth\n"
    "Office\n"
    "Thank you for your positive engagement in our recent meetings on how oversight\n"
    "of the ferry policy should be structured once the old assembly is wound up.\n"
    "I am copying this letter to Ann Quill MP (Chair\n"
    "of the House of Commons Kelby Scrutiny Committee), the Foreign\n"
    "Affairs Committee, the Defence Committee, Tom Pellow MP, Alistair\n"
    "Doherty (Clerk to the Commons Committee), Les Saunders (Cabinet\n"
    "Office), Sarah Winter (Departmental Scrutiny Co-ordi\n"
)


def test_a_page_cut_off_inside_its_copy_sentence_keeps_the_headings_parties() -> None:
    found = extract(_CUT_OFF_LORDS_LETTER)
    # The heading's last word on a line of its own is still the heading's.
    assert (found.sender_name, found.sender_role) == (
        "Ivo Vance",
        "Minister for Asia and the Pacific",
    )
    assert found.sender_org == "Foreign and Commonwealth Office"
    # A Lords committee's chairman named by the House after the committee is no MP.
    assert (found.recipient_name, found.mp, found.direction) == ("Lord Penhallow", None, "other")


def test_a_copy_sentence_wrapped_at_the_pages_width_is_not_a_list_one_per_line() -> None:
    cc = extract(_CUT_OFF_LORDS_LETTER).cc
    assert {"Ann Quill", "Tom Pellow", "Les Saunders"} <= set(cc)
    assert not any("Committee)" in entry or entry.startswith("of ") for entry in cc)


def test_a_page_naming_a_letter_by_its_writer_and_year_and_a_sentence_sending_it() -> None:
    text = (
        "Ann Quill – 2022 Letter to Ivo Vance on the Kelby Plan\n\n"
        "The letter sent by Ann Quill, the Permanent Secretary at the Department for "
        "Rural Transport, to Ivo Vance, the Secretary of State, on 13 April 2022.\n\n"
        "Dear Secretary of State,\n\nThis letter summarises my assessment of the Kelby "
        "ferry plan.\n"
    )
    found = extract(text)
    assert str(found.date) == "2022-04-13"
    assert (found.sender_name, found.recipient_name) == ("Ann Quill", "Ivo Vance")


def test_a_page_heading_from_a_bodys_initials_to_an_office_is_no_ones_role() -> None:
    text = (
        "KFAC to Secretary of State for Transport: Ferry – Regulations\n\nPublished 9 February "
        "2022\n\nTo:\nThe Rt Hon Ivo Vance MP\nSecretary of State\nDepartment for Transport\n"
        "Great Minster House\nLondon\nSW1P 4DR\n\n7 February 2022\n\nDear Secretary of State,"
        "\n\nThank you for your letter of 3 February about the ferry regulations.\n"
    )
    found = extract(text)
    assert (found.sender_org, found.sender_role) == ("KFAC", None)


def test_an_inquirys_zero_padded_document_number_is_not_a_correspondence_reference() -> None:
    text = (
        "KEL00039281\nKEL00039281\n\nDear Ms Quill,\n\nThank you for your letter about case "
        "GWF048812637.\n\nYours sincerely,\n\nIvo Vance\n"
    )
    assert extract(text).references == ("GWF048812637",)


@pytest.mark.parametrize(
    "text",
    [
        # A devolved assembly's committee chair.
        "Eira Pugh AM Chair of the Petitions Committee National Assembly for Wales\n\n"
        "8 March 2017\n\nDear Eira,\n\nThank you for your letter about the Tregarth petition."
        "\n\nYours sincerely,\n\nRhodri Vaughan\n",
        # An advisory body's chair.
        "To: Dr Ann Quill\nChair, Kelby Ferries Advisory Committee\nLondon\n\n3 February 2022"
        "\n\nDear Ann,\n\nI am writing to tell you I will rely on the urgency procedure for "
        "the ferry regulations.\n\nYours sincerely,\n\nIvo Vance\n",
    ],
)
def test_chairs_outside_either_house_are_not_mps(text: str) -> None:
    found = extract(text)
    assert (found.mp, found.direction) == (None, "other")


def test_a_letter_and_memorandum_from_a_peer_names_the_peer() -> None:
    text = (
        "Select Committee on Liaison Third Report\n\n\nLetter and memorandum from Baroness "
        "Vance of Kelby to the Chairman of Committees\n\n\nAs you suggested when we spoke "
        "last week, I am enclosing details of a proposal for a new committee.\n"
    )
    assert extract(text).sender_name == "Baroness Vance of Kelby"


@pytest.mark.parametrize("office", ["Convener", "Convenor", "Presiding Officer"])
def test_a_greeting_by_a_devolved_office_alone_names_no_one(office: str) -> None:
    text = (
        "Letter from the Cabinet Secretary for Ferries to the Convener, 7 March 2022\n\n"
        f"Dear {office},\n\nThank you for your letter about the Kelby ferry report.\n"
    )
    assert extract(text).recipient_name is None


def test_this_is_an_open_letter_to_names_the_addressee() -> None:
    text = (
        "‘MP should be attending meetings’\n\nTHIS is an OPEN letter to Harriet Vance, MP.\n\n"
        "The special meeting of Kelby Town Council three weeks ago was a turning point.\n"
    )
    found = extract(text)
    assert (found.recipient_name, found.mp) == ("Harriet Vance", "Harriet Vance")


def test_a_response_from_label_names_the_writer_before_an_office_in_brackets() -> None:
    text = (
        "RESPONSE FROM: ANN QUILL (housing, libraries and consultation)\n\n\nDear Sandra,\n"
        "No one is happy with the possibility of libraries closing in Kelby.\n"
    )
    assert extract(text).sender_name == "Ann Quill"


def test_offices_in_brackets_after_the_writers_name_are_read_part_by_part() -> None:
    text = (
        "From Ivo Vance (Lib Dem North Kelby, Shadow Leader of the House). 15th February 2002."
        "\n\nDear Ann Quill,\n\nVery many thanks for letting me see a copy of your letter.\n\n"
        "With best wishes,\nIvo Vance.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == ("Ivo Vance", "Shadow Leader of the House")


def test_heres_a_letter_from_names_the_writer_and_office_before_a_clause() -> None:
    text = (
        "We have received a letter of support for our fight against the Kelby redevelopment"
        "\n\nHere’s a letter from Ann Quill, Conservative candidate for Kelby & Rye, "
        "indicating her support for Marsh Lane residents:\n\n28 April 2015,\n"
        "Dear [Marsh Lane] residents,\n\nAs you will know I have been to your meetings.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == (
        "Ann Quill",
        "Conservative candidate for Kelby & Rye",
    )


def test_an_acting_office_after_a_comma_is_still_the_office() -> None:
    """A guard on the participle cut: "acting" is part of an office."""
    text = (
        "Letter from Ann Quill, acting Chief Executive of the Kelby Harbour Board, to Ivo "
        "Vance MP\n\nDear Mr Vance,\n\nThank you for your letter about the harbour.\n"
    )
    assert extract(text).sender_role == "acting Chief Executive"


_MP_PAGE_WITH_A_REPLY = (
    "Following last week’s debate on rail services, I received an update from Kelby Trains’ "
    "Managing Director, Ann Quill.\n\nWith Ms Quill’s permission, I have copied her email "
    "below.\n\n\nDear Harriet\n\nI heard your contribution to the Ivo Vance MP Westminster "
    "Hall debate on Kelby Trains this morning and thought it would help to write.\n\n"
    "Punctuality is now 11% better than last summer.\n"
)


def test_an_mps_intro_naming_whom_the_letter_below_came_from() -> None:
    found = extract(_MP_PAGE_WITH_A_REPLY)
    assert (found.sender_name, found.sender_role) == ("Ann Quill", "Managing Director")
    assert found.direction == "to_mp"


def test_a_letter_that_begins_with_what_its_writer_received_is_not_a_cover() -> None:
    """A guard on the intro rule: it reads only above a greeting."""
    # No greeting follows: the sentence is the letter's own, not a page's intro.
    text = (
        "I have received a letter from Ann Quill about the Kelby ferry.\n\n"
        "The operator tells me the service will resume in March.\n\nIvo Vance\n"
    )
    assert extract(text).sender_name == "Ivo Vance"


def test_a_members_name_run_into_a_bodys_name_is_no_part_of_it() -> None:
    found = find_org("Ann Quill, MLA Committee for the Kelby Office Room 375A Parliament Buildings")
    assert found is not None and found.name == "Committee for the Kelby Office"


def test_a_later_heading_names_who_holds_the_office_an_earlier_one_named() -> None:
    text = (
        "Appendix 1: Letter from the Leader of the House\n\nLetter from Lord Penhallow, Leader "
        "of the House to Lord Vance of Kelby, Senior Deputy Speaker.\n\nOn 13 November the "
        "Prime Minister appointed a new Foreign Secretary to this House.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == ("Lord Penhallow", "Leader of the House")


def test_the_parliamentary_commissioner_for_standards_writes_as_an_officer_of_the_house() -> None:
    text = (
        "Select Committee on Standards and Privileges Second Report\n\nAnnex 39\n\n"
        "Letter to Mr Ivo Vance MP from the Parliamentary Commissioner for Standards\n\n"
        "Thank you for your letter of 23 February 2000. I am glad to hear I shall receive "
        "your response early this week.\n\n28 February 2000\n"
    )
    found = extract(text)
    assert found.sender_role == "Parliamentary Commissioner for Standards"
    assert found.direction == "other"


def test_a_person_writing_about_an_agency_does_not_write_for_it() -> None:
    text = (
        "Letter To The Prime Minister\n\nDear Mr Prime Minister,\nOn 9th March 2001 my son "
        "was born.\n\nLast year, I was contacted by the Child Support Agency. The Agency "
        "then took money from my wages without warning.\n"
    )
    assert extract(text).sender_org is None


def test_a_pages_title_to_my_mp_is_not_a_letterhead() -> None:
    text = (
        "Kelby Border Agency Complaint to my MP\n\nDear Ivo Vance,\n\nI am writing to you "
        "about the conduct of the border staff towards my girlfriend.\n"
    )
    assert extract(text).sender_org is None


_REPLY_UNDER_A_LEAD = (
    "Sir Tom gets reply on ferry funding\n18 Dec 2003\n"
    "Sir Tom wrote to the Home Secretary, expressing concern that Kelby would not get the "
    "ferry it needs.\nThis is the reply that he got:\n\nHome Office\nHazel Quill MP\n"
    "Minister of State\n50 Queen Anne's Gate\nLondon SW1H 9AT\n\n12 December 2003\n\n"
    "Dear Tom,\n\nThank you for your letter of 17 November to the Home Secretary about the "
    "Kelby ferry. I am replying as the Minister responsible.\n"
)


def test_a_reply_printed_under_a_lead_about_the_letter_it_answers() -> None:
    found = extract(_REPLY_UNDER_A_LEAD)
    # The lead names the letter answered; the letterhead's minister greets another person.
    assert (found.sender_name, found.sender_role) == ("Hazel Quill", "Minister of State")
    assert found.recipient_name == "Tom"


@pytest.mark.parametrize(
    ("greeted", "given", "may"),
    [("George", "Hazel", False), ("Bob", "Robert", True), ("Kelbyn", "Hazel", True)],
)
def test_a_greeting_by_a_given_name_tells_people_apart(greeted: str, given: str, may: bool) -> None:
    assert may_be_called(greeted, given) is may


def test_a_blog_posts_title_then_a_dash_then_letter_to_names_the_addressee() -> None:
    text = (
        "Government chaos on tackling ferry theft - Letter to the Home Secretary.\n\n"
        "Rt Hon Ann Quill MP\nSecretary of State for the Home Department\nThe Home Office\n"
        "2 Marsham Street\nLondon SW1P 4DF\n\nI am writing to you to highlight the lack of "
        "progress made on ferry theft.\n"
    )
    found = extract(text)
    assert (found.recipient_name, found.recipient_org) == ("Ann Quill", "Home Office")


def test_a_minister_answering_a_letter_to_the_secretary_of_state_writes_to_an_mp() -> None:
    text = (
        "A ministerial reply on the ferry\n\nDear Tom\nThank you for your letter of 6 March to "
        "the Home Secretary regarding ferry theft. I am replying as the Minister for Crime "
        "Prevention and Anti-social Behaviour Reduction with responsibility for ferries.\n\n"
        "I do not accept that the Government is not taking ferry theft seriously.\n"
    )
    found = extract(text)
    assert found.sender_role == "Minister for Crime Prevention and Anti-social Behaviour Reduction"
    assert (found.direction, found.mp) == ("to_mp", "Tom")


@pytest.mark.parametrize(
    "heading",
    [
        "Letter to Mr Ivo Vance MP\n\nfrom the Parliamentary Commissioner for Standards",
        "14.  Letter to Mr Ivo Vance MP from the Commissioner, 7 December 2009",
    ],
)
def test_the_standards_commissioners_letters_to_mps_are_an_officers_of_the_house(
    heading: str,
) -> None:
    text = (
        f"Ivo Vance - Standards and Privileges Committee Contents\n\n\n{heading}\n\n"
        "Thank you for your letter of 2 December responding to mine of 17 November about this "
        "complaint.\n"
    )
    assert extract(text).direction == "other"


def test_a_headings_from_after_a_blank_line_is_still_the_heading() -> None:
    text = (
        "Select Committee on Standards and Privileges Appendices to the Minutes of Evidence\n\n\n"
        "Letter to the Clerk of the Committee on Standards and Privileges\n\n"
        "from Mr Ivo Vance MP\n\nI refer to our conversation this afternoon.\n\n"
        "I enclose copies of the following:\n\n1.  Letter to my mother dated 10th December 2001."
        "\n\n2.  Letter from the hospital dated 3rd January 2002.\n\n21 January 2002\n"
    )
    found = extract(text)
    assert (found.sender_name, found.mp) == ("Ivo Vance", "Ivo Vance")


def test_a_copy_entry_wrapped_at_the_pages_width_has_its_span_in_the_text() -> None:
    text = (
        "Dear Minister,\n\nI write about the Kelby ferry, which has not run since January and "
        "which my constituents rely on.\n\n"
        "I am copying this letter to the Chief Constable of Kelby Police and to the Leader of\n"
        "Kelby Borough Council.\n\nYours sincerely,\n\nAnn Quill MP\n"
    )
    found = extract(text)
    assert found.cc == ("Chief Constable of Kelby Police", "Leader of Kelby Borough Council")
    for entry, (start, end) in zip(found.cc, found.spans["cc"], strict=True):
        assert " ".join(text[start:end].split()) == entry


def test_an_mps_letter_to_a_newspapers_letters_page_is_to_an_organisation() -> None:
    text = (
        "LETTER: Ferry tactics\n\nFrom Mr Ivo Vance, MP\n\nSir: The Minister has from time to "
        "time surprised his opponents. His announcement on the Kelby ferry is a surprise.\n\n"
        "Yours faithfully,\n\nIvo Vance\n\nMP for Kelby and Rye (Lab)\n\nHouse of Commons\n"
    )
    assert extract(text).direction == "from_mp"


def test_a_lettered_item_names_a_letter_and_the_houses_address_is_a_greeting() -> None:
    text = (
        "Procedure after the ferry strike Contents\n\nAppendix 1: Correspondence\n\n"
        "B. Letter from the Chair to Mr Speaker, 18 December\n\nMr Speaker—\n\n"
        "Earlier in the year the House worked quickly to respond to the strike.\n"
    )
    found = extract(text)
    assert found.sender_role == "Chair"
    assert found.recipient_name is None and found.salutation == "Mr Speaker—"


def test_a_signature_naming_the_speaker_is_not_a_greeting() -> None:
    """A guard on the House's greeting: a signature has no comma or dash after it."""
    text = (
        "Letter from Madam Speaker to Ivo Vance, MP of 5 July 2000\n\nThank you for your letter "
        "of 28 June about the decision of your committee.\n\nMadam Speaker\n"
    )
    assert extract(text).in_reply_to_date is not None


def test_letters_after_a_writers_name_are_no_office() -> None:
    text = (
        "Letter to Mr Ivo Vance, MP, from The Rt Hon The Lord Penhallow of Kelby, QC\n\n"
        "  I refer to the question that you asked me on 3 March when I appeared before the "
        "Committee.\n\n10 March 1998\n"
    )
    found = extract(text)
    assert found.sender_role is None
    assert found.sender_name == "Lord Penhallow of Kelby"


def test_what_a_pages_title_says_the_letter_is_about_is_not_the_writers_body() -> None:
    text = (
        "Response for Dr Ivo Vance MP on the Kelby Ferry Service\n\nDr. Ivo Vance, MP (Kelby)\n\n"
        "Dated 5th November, 2003\n\nDear Mr Pilling,\n\nThank you very much for your further "
        "letter.\n\nYours sincerely\n\nSigned Dr Ivo Vance\n"
    )
    assert extract(text).sender_org is None


def test_a_letter_opening_by_naming_its_addressees_as_mps() -> None:
    text = (
        "WE are writing to MPs Ivo Vance and Ann Quill because as headteachers of primary "
        "schools in Kelby we are all being forced, once again, to make difficult decisions.\n\n"
        "Last year, we had to take drastic steps in our budgets.\n"
    )
    found = extract(text)
    assert (found.recipient_name, found.mp, found.direction) == ("Ivo Vance", "Ivo Vance", "to_mp")


@pytest.mark.parametrize(
    ("signed", "name"),
    [
        ("Air Commodore A. B. Quill", "A. B. Quill"),
        ("Rear Admiral Ivo Penhallow", "Ivo Penhallow"),
        ("Air Vice-Marshal Ann Kelby", "Ann Kelby"),
        ("Group Captain Tom Hale", "Tom Hale"),
        ("Vice Admiral Sir Tim Orrell", "Tim Orrell"),
        ("Maj Gen Tom Yarrow", "Tom Yarrow"),
    ],
)
def test_an_officers_rank_is_not_part_of_their_name(signed: str, name: str) -> None:
    """Agencies of the Ministry of Defence sign with a rank: a title, like "Dr". ("Group
    Captain" and "Vice Admiral" were kept in the name before; the other ranks are guards.)"""
    text = (
        "Dear Mr Vance,\n\nThank you for your letter of 3 March about the training airfield at "
        f"Kelby.\n\nYours sincerely,\n\n{signed}\nChief Executive\n"
    )
    assert extract(text).sender_name == name


def test_a_clause_about_a_headings_writer_is_no_office_and_their_committee_is_their_body() -> None:
    text = (
        "Letter from the Lord Penhallow of Kelby,\nwho chaired this item of business in the "
        "Select Committee, to\nIvo Vance Esq. MP, Minister of State, Home Office\nFerry "
        "regulations\nI am writing on behalf of the Merits Committee, whose\nmeeting I chaired "
        "this week.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == ("Lord Penhallow of Kelby", None)
    assert found.sender_org == "Merits Committee"


def test_copies_to_the_chairs_of_several_committees_are_one_chair_each() -> None:
    text = (
        "Dear Minister,\n\nThank you for your letter.\n\nI am copying this letter to the Chairs "
        "of the Public Accounts Committee, the Transport Committee and the Liaison Committee, "
        "to the Comptroller and Auditor General and to the Leader of the House.\n\n"
        "Yours sincerely,\n\nIvo Vance MP\nChair\n"
    )
    assert extract(text).cc == (
        "Chair of the Public Accounts Committee",
        "Chair of the Transport Committee",
        "Chair of the Liaison Committee",
        "Comptroller and Auditor General",
        "Leader of the House",
    )


def test_copies_to_the_clerks_of_two_committees_stay_clerks() -> None:
    """A committee has several clerks, so the plural is kept for each (and two entries
    sharing words are not one person)."""
    text = (
        "Dear Minister,\n\nThank you for your letter.\n\nI am copying this letter to the "
        "Chancellor and to the clerks of the Treasury Committee and the Kelby Affairs Committee."
        "\n\nYours sincerely,\n\nIvo Vance MP\nChair\n"
    )
    assert extract(text).cc == (
        "Chancellor",
        "clerks of the Treasury Committee",
        "clerks of the Kelby Affairs Committee",
    )


def test_a_headings_writer_chairing_a_public_body_is_not_the_committees_chair() -> None:
    """The page's title names the committee whose report the letter answers; the heading says
    the writer chairs another body, so the letter is to the committee's chair."""
    text = (
        "Governance of ferries: the Kelby Ferries Authority response to the Committee's "
        "Eighteenth Report\n\nSixteenth Special Report\n\nAppendix 1: Letter from Sir Ivo "
        "Penhallow, Chair of the Kelby Ferries Authority\n\nDear Sir Bernard,\n\nI write to "
        "offer the Kelby Ferries Authority response to the Transport Committee report on "
        "ferries.\n\nThe Authority thanks the Committee for this report.\n"
    )
    found = extract(text)
    assert (found.sender_org, found.direction) == ("Kelby Ferries Authority", "to_mp")
    assert found.mp == "Bernard"


@pytest.mark.parametrize("greeting", ["Dear XXX", "Dear Mr Xxxx,"])
def test_a_name_blanked_out_for_publication_is_no_one(greeting: str) -> None:
    text = f"{greeting}\n\nThank you for your letter of 16 May.\n\nYours sincerely\n\nJo Quill\n"
    assert extract(text).recipient_name is None


def test_an_address_with_a_blank_line_after_each_line_is_one_address() -> None:
    """A web page's copy put a blank line after every line: the MP's name above the office
    the greeting names is the addressee's, not a letterhead's."""
    text = (
        "Letter to the Chancellor about ferry fares\n\nThe Rt Hon Ivo Vance MP\n\nChancellor "
        "of the Exchequer\n\nHM Treasury\n\n \n\nDear Chancellor,\n\nI very much support the "
        "Government's decision to delay the ferry timetable until 19 July. However, there are "
        "clear implications for Kelby.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.recipient_name) == (None, "Ivo Vance")


def test_a_pages_title_ending_in_an_office_is_no_role() -> None:
    text = (
        "Congratulations on your appointment as Prime Minister.\n\nI will be shortly writing "
        "to you, along with the First Minister of Kelby, to set out our position.\n\n"
        "Yours sincerely,\n\nAnn Quill\n"
    )
    assert extract(text).sender_role is None


def test_a_committee_heading_with_a_hyphenated_reports_number() -> None:
    text = (
        "Select Committee on Kelby Affairs Forty-Ninth Report\n\nLetter from the Chairman to "
        "Ivo Vance MP, Minister of State, Department for Transport\n\nThank you for your "
        "Explanatory Memorandum which Sub-Committee B considered at its meeting on 10 "
        "February.\n"
    )
    assert extract(text).sender_org == "Kelby Affairs Committee"


def test_a_running_head_glued_to_the_heading_by_a_pdf() -> None:
    text = (
        "Kelby Scrutiny CommitteeLetter from the Foreign Secretary to the Chairman of the Kelby "
        "Scrutiny Committee (KSI 24)\n\nThank you for your letter of 13 September on the new "
        "Permanent Representative.\n"
    )
    found = extract(text)
    assert (found.sender_role, found.direction) == ("Foreign Secretary", "to_mp")


def test_a_heading_naming_a_body_then_one_naming_its_minister() -> None:
    text = (
        "Supplementary written evidence submitted by Home Office [KBA 08a]\n\n"
        "Letter from Ivo Vance MP, Minister for Immigration, to the Chair of the "
        "Committee, 6 June 2012\n\nI am writing further to my oral evidence session before "
        "the Committee on Tuesday 15 May.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == ("Ivo Vance", "Minister for Immigration")


def test_the_chair_of_a_body_writing_to_a_committee_chair_is_not_a_member() -> None:
    text = (
        "Kelby Scrutiny CommitteeLetter from Lord Penhallow, Chairman of the Kelby Ferries "
        "Trust to the Chairman of the Kelby Scrutiny Committee (KSI 31)\n\nI write in response "
        "to your latest letter of 6 November in which you repeat your request for me to "
        "appear before the Committee.\n"
    )
    found = extract(text)
    assert (found.mp, found.direction) == (None, "to_mp")


def test_a_letter_in_welsh() -> None:
    """Public bodies in Wales write in Welsh: its months, "Annwyl" (Dear), "Yn gywir"
    (Yours sincerely), "AS" after a Member of the Senedd's name, "Cadeirydd" (Chair)."""
    text = (
        "Ivo Penhallow AS\nCadeirydd y Pwyllgor Materion Kelby\n\n9 Mehefin 2020\n\n"
        "Annwyl Ann,\n\nDiolch am eich llythyr ynghylch y fferi yn Kelby.\n\nYn gywir,\n\n"
        "Ivo Penhallow AS\nCadeirydd y Pwyllgor Materion Kelby\n"
    )
    found = extract(text)
    assert found.date == dt.date(2020, 6, 9)
    assert (found.sender_name, found.recipient_name) == ("Ivo Penhallow", "Ann")
    assert found.sender_role == "Cadeirydd y Pwyllgor Materion Kelby"


def test_a_welsh_month_needs_its_year() -> None:
    """ "Mai" (May) is also a Welsh word, so a day and "mai" alone are no date."""
    assert parse_date("the 10 mai") is None
    assert parse_date("10 Mai 2021") == dt.date(2021, 5, 10)


def test_a_lords_committee_keeps_the_name_its_heading_gives() -> None:
    """The Lords' committees are named "Select Committee on X"; the Commons' "X Committee"
    (the previous test)."""
    text = (
        "Select Committee on the Constitution Fortieth Report\n\nLetter from the Chairman to "
        "Ivo Vance MP, Minister of State, Department for Transport\n\nThank you for your "
        "Explanatory Memorandum which the Committee considered at its meeting on 10 February.\n"
    )
    assert extract(text).sender_org == "Select Committee on the Constitution"


def test_a_building_in_an_address_is_no_one() -> None:
    text = (
        "Kelby Rail Association\nKings Buildings\n16 Smith Square\nLondon SW1P 3HQ\n\n"
        "From the Secretary of State\n\nDear Darren,\n\nThank you for your letter of 3 May.\n"
    )
    assert extract(text).recipient_name == "Darren"


def test_a_pages_lead_then_here_is_the_named_ministers_reply() -> None:
    text = (
        "Ivo Vance MP, Chair of the Kelby Committee, wrote to Transport Secretary Ann Quill "
        "expressing concern over leaks. Here’s Quill’s remarkably dismissive reply:\n"
        "Ivo Vance MP\nChairman of the Kelby Committee\nHouse of Commons\n16th July 2012\n"
        "Dear Ivo\nThank you for your concern. Leaks appear to be part of political life.\n"
        "ANN QUILL\n"
    )
    found = extract(text)
    assert (found.sender_name, found.recipient_name) == ("Ann Quill", "Ivo Vance")
    assert found.direction == "to_mp"


def test_a_letterhead_run_into_one_line_keeps_its_date() -> None:
    text = (
        "Kelby Committee 14 Tothill Street, London SW1H 9NB Tel 020 7219 5831 Website "
        "www.parliament.uk From the Chair 26 April 2017 Rt Hon Ann Quill MP Secretary of State\n"
        "Universal Credit In February we issued a call for written evidence on Universal Credit."
        " This followed concerns we heard in oral evidence from local authorities.\n"
    )
    assert extract(text).date == dt.date(2017, 4, 26)


def test_an_agency_head_named_by_the_ministers_answer_above_the_letter() -> None:
    """Hansard prints the minister's answer, then the agency head's letter under a heading
    naming only the writer."""
    text = (
        "To ask the Secretary of State for Work and Pensions how many claims there were in "
        "Kelby. [160357]\n\nThe administration of the Kelby Support Agency is a matter for the "
        "Chief Executive. He will write to the hon. Member.\n\nLetter from Ivo Penhallow to Ann "
        "Quill, dated 23 March 2004:\n\nIn reply to your recent Parliamentary question about the "
        "Kelby Support Agency the Secretary of State promised a substantive reply from the Chief "
        "Executive.\n\nThere were 1,204 claims.\n"
    )
    found = extract(text)
    assert (found.sender_name, found.sender_role) == ("Ivo Penhallow", "Chief Executive")
    assert found.sender_org == "Kelby Support Agency"


def test_the_writer_acting_for_another_says_so_after_naming_them() -> None:
    text = (
        "To ask the Secretary of State for Work and Pensions how many people used the Kelby "
        "office. (138911)\n\n"
        + "The question asks about services at the Kelby office. "
        * 20
        + "\n\nLetter from Ivo Penhallow to Ann Quill, dated 14 June 2007:\n\nThis is something "
        "which falls within the responsibilities delegated to Jo Amble as Chief Executive of "
        "Jobcentre Plus. I am replying on her behalf as Acting Chief Executive.\n"
    )
    assert extract(text).sender_role == "Acting Chief Executive"


@pytest.mark.parametrize(
    ("answer", "writer", "role"),
    [
        (
            "Responsibility for the subject in question has been delegated to the Kelby Roads "
            "Service under its Chief Executive. I have asked him to arrange for a reply.",
            "Ivo Penhallow",
            "Chief Executive",
        ),
        (
            "Questions on Kelby Roads Service operational matters are the responsibility of the "
            "chief executive, Ivo Penhallow.",
            "Ivo Penhallow",
            "chief executive",
        ),
        (
            "The administration of the Kelby Roads Service is the responsibility of the acting "
            "chief executive, Jo Amble. I have asked him to reply.",
            "Ivo Penhallow",
            None,
        ),
    ],
)
def test_the_answer_above_an_agency_letter_names_its_office_and_body(
    answer: str, writer: str, role: str | None
) -> None:
    """The office is the writer's only if the answer names no one else."""
    text = (
        f"To ask the Secretary of State how many roads were resurfaced in Kelby.\n\n{answer}\n\n"
        f"Letter from {writer} to Ann Quill, dated 3 March 1997:\n\nYou asked how many roads "
        "were resurfaced in Kelby. There were twelve.\n"
    )
    found = extract(text)
    assert (found.sender_role, found.sender_org) == (role, "Kelby Roads Service")
