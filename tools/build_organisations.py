"""Build archive/data/organisations.json: who MPs write to, their spellings, kinds and renames.

Two sources. The hand-compiled tables below (names, spellings, acronyms, parent departments,
machinery-of-government changes with their dates, e-mail domains) were compiled by the
project from GOV.UK (https://www.gov.uk/government/organisations) and Parliament's pages,
under the Open Government Licence v3.0. Ministerial titles and the departments they belong
to come from mySociety's parlparse ``members/ministers.json`` (github.com/mysociety/parlparse;
data from Parliament and GOV.UK under the Open Parliament Licence v3.0 / OGL v3.0). Run::

    git --git-dir=/work/.mirror/mysociety+parlparse/repo show HEAD:members/ministers.json \
        > /tmp/kn/ministers.json
    .venv/bin/python tools/build_organisations.py /tmp/kn/ministers.json

The output is committed, so the app needs neither the source nor the network.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "archive" / "data" / "organisations.json"

A = r"(?:and|&)"  # "and" as letters write it

# (canonical name, kind, parent department, spellings as regular expressions; an acronym is a
# spelling of the form \bXYZ\b, matched case-sensitively).
ORGANISATIONS: list[tuple[str, str, str | None, tuple[str, ...]]] = [
    # Ministerial departments, current and past.
    ("Home Office", "department", None, (r"home\s+office",)),
    ("HM Treasury", "department", None, (r"h\.?\s?m\.?\s+treasury", r"her\s+majesty'?s\s+treasury", r"his\s+majesty'?s\s+treasury", r"the\s+treasury")),
    ("Cabinet Office", "department", None, (r"cabinet\s+office",)),
    ("Prime Minister's Office", "department", None, (r"prime\s+minister'?s\s+office", r"10\s+downing\s+street", r"number\s+10", r"no\.?\s+10\s+downing\s+street")),
    ("Office of the Deputy Prime Minister", "department", None, (r"office\s+of\s+the\s+deputy\s+prime\s+minister", r"\bODPM\b")),
    ("Department for Education", "department", None, (r"department\s+for\s+education(?!\s+(?:and|&))", r"\bDfE\b")),
    ("Department for Education and Employment", "department", None, (rf"department\s+for\s+education\s+{A}\s+employment", r"\bDfEE\b")),
    ("Department for Education and Skills", "department", None, (rf"department\s+for\s+education\s+{A}\s+skills", r"\bDfES\b")),
    ("Department for Children, Schools and Families", "department", None, (rf"department\s+for\s+children,?\s+schools\s+{A}\s+families", r"\bDCSF\b")),
    ("Department for Innovation, Universities and Skills", "department", None, (rf"department\s+for\s+innovation,?\s+universities\s+{A}\s+skills", r"\bDIUS\b")),
    ("Department of Health and Social Care", "department", None, (rf"department\s+of\s+health\s+{A}\s+social\s+care", r"\bDHSC\b")),
    ("Department of Health", "department", None, (r"department\s+of\s+health(?!\s+(?:and|&)\s+social)", r"\bDoH\b")),
    ("Department of Social Security", "department", None, (r"department\s+of\s+social\s+security", r"\bDSS\b")),
    ("Ministry of Justice", "department", None, (r"ministry\s+of\s+justice", r"\bMoJ\b")),
    ("Department for Constitutional Affairs", "department", None, (r"department\s+for\s+constitutional\s+affairs",)),
    ("Lord Chancellor's Department", "department", None, (r"lord\s+chancellor'?s\s+department",)),
    ("Department for Work and Pensions", "department", None, (rf"department\s+for\s+work\s+{A}\s+pensions", r"\bDWP\b")),
    ("Ministry of Defence", "department", None, (r"ministry\s+of\s+defen[cs]e", r"\bMoD\b", r"\bMOD\b")),
    ("Department for Transport", "department", None, (r"department\s+for\s+transport", r"\bDfT\b")),
    ("Department of Transport", "department", None, (r"department\s+of\s+transport",)),
    ("Department for Transport, Local Government and the Regions", "department", None, (rf"department\s+for\s+transport,?\s+local\s+government\s+{A}\s+the\s+regions", r"\bDTLR\b")),
    ("Department of the Environment, Transport and the Regions", "department", None, (rf"department\s+of\s+(?:the\s+)?environment,?\s+transport\s+{A}\s+the\s+regions", r"\bDETR\b")),
    ("Department of the Environment", "department", None, (r"department\s+of\s+the\s+environment(?![,\s]+(?:transport|food))",)),
    ("Ministry of Agriculture, Fisheries and Food", "department", None, (rf"ministry\s+of\s+agriculture,?\s+fisheries\s+{A}\s+food", r"\bMAFF\b")),
    ("Department for Environment, Food and Rural Affairs", "department", None, (rf"department\s+for\s+(?:the\s+)?environment,?\s+food\s+{A}\s+rural\s+affairs", r"\bDefra\b", r"\bDEFRA\b")),
    ("Department for Communities and Local Government", "department", None, (rf"department\s+for\s+communities\s+{A}\s+local\s+government", r"\bDCLG\b")),
    ("Ministry of Housing, Communities and Local Government", "department", None, (rf"ministry\s+of\s+housing,?\s+communities\s+{A}\s+local\s+government", r"\bMHCLG\b")),
    ("Department for Levelling Up, Housing and Communities", "department", None, (rf"department\s+for\s+levelling\s+up,?\s+housing\s+{A}\s+communities", r"\bDLUHC\b")),
    ("Foreign, Commonwealth & Development Office", "department", None, (rf"foreign,?\s+commonwealth\s+{A}\s+development\s+office", r"\bFCDO\b")),
    ("Foreign and Commonwealth Office", "department", None, (rf"foreign\s+{A}\s+commonwealth\s+office", r"\bFCO\b")),
    ("Foreign Office", "department", None, (r"foreign\s+office",)),
    ("Department for International Development", "department", None, (r"department\s+for\s+international\s+development", r"\bDfID\b", r"\bDFID\b")),
    ("Department for International Trade", "department", None, (r"department\s+for\s+international\s+trade", r"\bDIT\b")),
    ("Department for Business and Trade", "department", None, (rf"department\s+for\s+business\s+{A}\s+trade", r"\bDBT\b")),
    ("Department of Trade and Industry", "department", None, (rf"department\s+of\s+trade\s+{A}\s+industry", r"\bDTI\b")),
    ("Department for Business, Enterprise and Regulatory Reform", "department", None, (rf"department\s+for\s+business,?\s+enterprise\s+{A}\s+regulatory\s+reform", r"\bBERR\b")),
    ("Department for Business, Energy and Industrial Strategy", "department", None, (rf"department\s+for\s+business,?\s+energy\s+{A}\s+industrial\s+strategy", r"\bBEIS\b")),
    ("Department for Business, Innovation and Skills", "department", None, (rf"department\s+for\s+business,?\s+innovation\s+{A}\s+skills", r"\bBIS\b")),
    ("Department of Energy and Climate Change", "department", None, (rf"department\s+(?:of|for)\s+energy\s+{A}\s+climate\s+change", r"\bDECC\b")),
    ("Department for Energy Security and Net Zero", "department", None, (rf"department\s+for\s+energy\s+security\s+{A}\s+net\s+zero", r"\bDESNZ\b")),
    ("Department for Science, Innovation and Technology", "department", None, (rf"department\s+for\s+science,?\s+innovation\s+{A}\s+technology", r"\bDSIT\b")),
    ("Department for Digital, Culture, Media and Sport", "department", None, (rf"department\s+for\s+digital,?\s+culture,?\s+media\s+{A}\s+sport", r"\bDCMS\b")),
    ("Department for Culture, Media and Sport", "department", None, (rf"department\s+(?:for|of)\s+culture,?\s+media\s+{A}\s+sport",)),
    ("Department of National Heritage", "department", None, (r"department\s+of\s+national\s+heritage", r"\bDNH\b")),
    ("Department for Exiting the European Union", "department", None, (r"department\s+for\s+exiting\s+the\s+european\s+union", r"\bDExEU\b")),
    ("Northern Ireland Office", "department", None, (r"northern\s+ireland\s+office", r"\bNIO\b")),
    ("Scotland Office", "department", None, (r"scotland\s+office", r"office\s+of\s+the\s+secretary\s+of\s+state\s+for\s+scotland")),
    ("Scottish Office", "department", None, (r"scottish\s+office",)),
    ("Wales Office", "department", None, (r"wales\s+office", r"office\s+of\s+the\s+secretary\s+of\s+state\s+for\s+wales")),
    ("Welsh Office", "department", None, (r"welsh\s+office",)),
    ("Attorney General's Office", "department", None, (r"attorney\s+general'?s\s+office",)),
    ("Office of the Leader of the House of Commons", "department", None, (r"office\s+of\s+the\s+leader\s+of\s+the\s+house\s+of\s+commons",)),
    ("Government Equalities Office", "department", None, (r"government\s+equalities\s+office",)),
    ("Privy Council Office", "department", None, (r"privy\s+council\s+office",)),
    # Non-ministerial departments and executive agencies.
    ("HM Revenue & Customs", "department", "HM Treasury", (rf"h\.?m\.?\s+revenue\s+{A}\s+customs", r"\bHMRC\b")),
    ("Inland Revenue", "agency", "HM Treasury", (r"inland\s+revenue",)),
    ("HM Customs and Excise", "agency", "HM Treasury", (rf"(?:h\.?m\.?\s+)?customs\s+{A}\s+excise",)),
    ("Valuation Office Agency", "agency", "HM Revenue & Customs", (r"valuation\s+office(?:\s+agency)?",)),
    ("Contributions Agency", "agency", "Department of Social Security", (r"contributions\s+agency",)),
    ("Benefits Agency", "agency", "Department of Social Security", (r"benefits?\s+agency",)),
    ("Child Support Agency", "agency", "Department of Social Security", (r"child\s+support\s+agency", r"\bCSA\b")),
    ("Child Maintenance Service", "agency", "Department for Work and Pensions", (r"child\s+maintenance\s+service",)),
    ("War Pensions Agency", "agency", "Department of Social Security", (r"war\s+pensions\s+agency",)),
    ("Social Security Agency (Northern Ireland)", "agency", "Department for Social Development (Northern Ireland)", (r"social\s+security\s+agency",)),
    ("Department for Social Development (Northern Ireland)", "devolved", None, (r"department\s+for\s+social\s+development",)),
    ("Employment Service", "agency", "Department for Education and Employment", (r"employment\s+service(?!s)",)),
    ("Jobcentre Plus", "agency", "Department for Work and Pensions", (r"jobcentre\s+plus", r"job\s+centre\s+plus")),
    ("The Pension Service", "agency", "Department for Work and Pensions", (r"(?:the\s+)?pension\s+service",)),
    ("Disability and Carers Service", "agency", "Department for Work and Pensions", (rf"disability\s+{A}\s+carers\s+service",)),
    ("Highways Agency", "agency", "Department for Transport", (r"highways\s+agency",)),
    ("Highways England", "agency", "Department for Transport", (r"highways\s+england",)),
    ("National Highways", "agency", "Department for Transport", (r"national\s+highways",)),
    ("Driver and Vehicle Licensing Agency", "agency", "Department for Transport", (rf"driver\s+{A}\s+vehicle\s+licensing\s+(?:agency|centre)", r"\bDVLA\b")),
    ("Driver and Vehicle Standards Agency", "agency", "Department for Transport", (rf"driver\s+{A}\s+vehicle\s+standards\s+agency", r"\bDVSA\b")),
    ("Driving Standards Agency", "agency", "Department for Transport", (r"driving\s+standards\s+agency",)),
    ("Vehicle and Operator Services Agency", "agency", "Department for Transport", (rf"vehicle\s+{A}\s+operator\s+services\s+agency", r"\bVOSA\b")),
    ("Maritime and Coastguard Agency", "agency", "Department for Transport", (rf"maritime\s+{A}\s+coastguard\s+agency",)),
    ("Prison Service", "agency", "Home Office", (r"(?:h\.?m\.?\s+)?prison\s+service(?!\s+(?:and|&))",)),
    ("National Offender Management Service", "agency", "Ministry of Justice", (r"national\s+offender\s+management\s+service", r"\bNOMS\b")),
    ("HM Prison and Probation Service", "agency", "Ministry of Justice", (rf"h\.?m\.?\s+prison\s+{A}\s+probation\s+service", r"\bHMPPS\b")),
    ("Court Service", "agency", "Lord Chancellor's Department", (r"(?:the\s+)?court\s+service",)),
    ("HM Courts Service", "agency", "Ministry of Justice", (r"h\.?m\.?\s+courts\s+service",)),
    ("HM Courts & Tribunals Service", "agency", "Ministry of Justice", (rf"h\.?m\.?\s+courts\s+{A}\s+tribunals\s+service", r"\bHMCTS\b")),
    ("Tribunals Service", "agency", "Ministry of Justice", (r"tribunals\s+service",)),
    ("Legal Aid Agency", "agency", "Ministry of Justice", (r"legal\s+aid\s+agency",)),
    ("Legal Services Commission", "public_body", "Ministry of Justice", (r"legal\s+services\s+commission",)),
    ("Office of the Public Guardian", "agency", "Ministry of Justice", (r"office\s+of\s+the\s+public\s+guardian",)),
    ("Criminal Injuries Compensation Authority", "agency", "Ministry of Justice", (r"criminal\s+injuries\s+compensation\s+authority", r"\bCICA\b")),
    ("Crown Prosecution Service", "department", "Attorney General's Office", (r"crown\s+prosecution\s+service", r"\bCPS\b")),
    ("Serious Fraud Office", "department", "Attorney General's Office", (r"serious\s+fraud\s+office", r"\bSFO\b")),
    ("Immigration and Nationality Directorate", "agency", "Home Office", (rf"immigration\s+{A}\s+nationality\s+(?:directorate|department)",)),
    ("Border and Immigration Agency", "agency", "Home Office", (rf"border\s+{A}\s+immigration\s+agency",)),
    ("UK Border Agency", "agency", "Home Office", (r"uk\s+border\s+agency", r"\bUKBA\b")),
    ("UK Visas and Immigration", "agency", "Home Office", (rf"uk\s+visas\s+{A}\s+immigration", r"\bUKVI\b")),
    ("HM Passport Office", "agency", "Home Office", (r"h\.?m\.?\s+passport\s+office", r"\bHMPO\b")),
    ("Identity and Passport Service", "agency", "Home Office", (rf"identity\s+{A}\s+passport\s+service",)),
    ("UK Passport Service", "agency", "Home Office", (r"uk\s+passport\s+(?:service|agency)",)),
    ("Border Force", "agency", "Home Office", (r"border\s+force",)),
    ("Immigration Enforcement", "agency", "Home Office", (r"immigration\s+enforcement",)),
    ("Disclosure and Barring Service", "agency", "Home Office", (rf"disclosure\s+{A}\s+barring\s+service", r"\bDBS\b")),
    ("Criminal Records Bureau", "agency", "Home Office", (r"criminal\s+records\s+bureau", r"\bCRB\b")),
    ("Rural Payments Agency", "agency", "Department for Environment, Food and Rural Affairs", (r"rural\s+payments\s+agency",)),
    ("Animal and Plant Health Agency", "agency", "Department for Environment, Food and Rural Affairs", (rf"animal\s+{A}\s+plant\s+health\s+agency", r"\bAPHA\b")),
    ("Natural England", "public_body", "Department for Environment, Food and Rural Affairs", (r"natural\s+england",)),
    ("Environment Agency", "regulator", "Department for Environment, Food and Rural Affairs", (r"environment\s+agency",)),
    ("Forestry Commission", "public_body", "Department for Environment, Food and Rural Affairs", (r"forestry\s+commission",)),
    ("Education and Skills Funding Agency", "agency", "Department for Education", (rf"education\s+{A}\s+skills\s+funding\s+agency", r"\bESFA\b")),
    ("Student Loans Company", "public_body", "Department for Education", (r"student\s+loans\s+company",)),
    ("Companies House", "agency", "Department for Business and Trade", (r"companies\s+house",)),
    ("Insolvency Service", "agency", "Department for Business and Trade", (r"(?:the\s+)?insolvency\s+service",)),
    ("Intellectual Property Office", "agency", "Department for Science, Innovation and Technology", (r"intellectual\s+property\s+office",)),
    ("HM Land Registry", "agency", None, (r"(?:h\.?m\.?\s+)?land\s+registry",)),
    ("Planning Inspectorate", "agency", "Department for Levelling Up, Housing and Communities", (r"planning\s+inspectorate",)),
    ("Homes England", "public_body", "Department for Levelling Up, Housing and Communities", (r"homes\s+england",)),
    ("Met Office", "agency", "Ministry of Defence", (r"met(?:eorological)?\s+office",)),
    ("Defence Equipment and Support", "agency", "Ministry of Defence", (rf"defence\s+equipment\s+{A}\s+support",)),
    ("Veterans Agency", "agency", "Ministry of Defence", (r"veterans\s+agency", r"service\s+personnel\s+{A}\s+veterans\s+agency".replace("{A}", A))),
    ("Office for National Statistics", "regulator", "UK Statistics Authority", (r"office\s+for\s+national\s+statistics", r"\bONS\b")),
    ("UK Statistics Authority", "regulator", None, (r"(?:uk\s+)?statistics\s+authority", r"\bUKSA\b")),
    ("Office for Statistics Regulation", "regulator", "UK Statistics Authority", (r"office\s+for\s+statistics\s+regulation",)),
    ("Government Actuary's Department", "department", None, (r"government\s+actuary'?s\s+department",)),
    ("National Savings and Investments", "department", "HM Treasury", (rf"national\s+savings(?:\s+{A}\s+investments)?", r"\bNS&I\b")),
    ("Debt Management Office", "agency", "HM Treasury", (r"debt\s+management\s+office",)),
    # Regulators, inspectorates, ombudsmen and other public bodies.
    ("Ofsted", "regulator", "Department for Education", (r"\bofsted\b", r"office\s+for\s+standards\s+in\s+education")),
    ("Ofqual", "regulator", "Department for Education", (r"\bofqual\b",)),
    ("Ofgem", "regulator", None, (r"\bofgem\b", r"office\s+of\s+gas\s+(?:and|&)\s+electricity\s+markets")),
    ("Ofcom", "regulator", None, (r"\bofcom\b", r"office\s+of\s+communications")),
    ("Ofwat", "regulator", None, (r"\bofwat\b", r"water\s+services\s+regulation\s+authority")),
    ("Oftel", "regulator", None, (r"\boftel\b",)),
    ("Ofgas", "regulator", None, (r"\bofgas\b",)),
    ("Offer", "regulator", None, (r"office\s+of\s+electricity\s+regulation",)),
    ("Office of Rail and Road", "regulator", None, (rf"office\s+of\s+rail\s+{A}\s+road", r"\bORR\b")),
    ("Office of Rail Regulation", "regulator", None, (r"office\s+of\s+rail\s+regulation",)),
    ("Office of the Rail Regulator", "regulator", None, (r"office\s+of\s+the\s+rail\s+regulator",)),
    ("Office of Fair Trading", "regulator", None, (r"office\s+of\s+fair\s+trading", r"\bOFT\b")),
    ("Competition and Markets Authority", "regulator", None, (rf"competition\s+{A}\s+markets\s+authority", r"\bCMA\b")),
    ("Financial Conduct Authority", "regulator", None, (r"financial\s+conduct\s+authority", r"\bFCA\b")),
    ("Financial Services Authority", "regulator", None, (r"financial\s+services\s+authority", r"\bFSA\b")),
    ("Prudential Regulation Authority", "regulator", "Bank of England", (r"prudential\s+regulation\s+authority",)),
    ("Financial Ombudsman Service", "regulator", None, (r"financial\s+ombudsman(?:\s+service)?",)),
    ("The Pensions Regulator", "regulator", "Department for Work and Pensions", (r"(?:the\s+)?pensions\s+regulator",)),
    ("Pensions Ombudsman", "regulator", None, (r"pensions\s+ombudsman",)),
    ("Pension Protection Fund", "public_body", "Department for Work and Pensions", (r"pension\s+protection\s+fund",)),
    ("ENTRUST", "regulator", None, (r"\bENTRUST\b", r"environmental\s+trust\s+scheme\s+regulatory\s+body")),
    ("Health and Safety Executive", "regulator", "Department for Work and Pensions", (rf"health\s+{A}\s+safety\s+executive", r"\bHSE\b")),
    ("Food Standards Agency", "regulator", None, (r"food\s+standards\s+agency",)),
    ("Civil Aviation Authority", "regulator", "Department for Transport", (r"civil\s+aviation\s+authority", r"\bCAA\b")),
    ("Gambling Commission", "regulator", "Department for Culture, Media and Sport", (r"gambling\s+commission",)),
    ("Care Quality Commission", "regulator", "Department of Health and Social Care", (r"care\s+quality\s+commission", r"\bCQC\b")),
    ("Commission for Social Care Inspection", "regulator", "Department of Health", (r"commission\s+for\s+social\s+care\s+inspection", r"\bCSCI\b")),
    ("Healthcare Commission", "regulator", "Department of Health", (r"healthcare\s+commission",)),
    ("Charity Commission", "regulator", None, (r"charity\s+commission",)),
    ("Electoral Commission", "regulator", None, (r"electoral\s+commission",)),
    ("Information Commissioner's Office", "regulator", None, (r"information\s+commissioner'?s\s+office", r"\bICO\b", r"information\s+commissioner")),
    ("Equality and Human Rights Commission", "regulator", None, (rf"equality\s+{A}\s+human\s+rights\s+commission", r"\bEHRC\b")),
    ("Independent Office for Police Conduct", "regulator", "Home Office", (r"independent\s+office\s+for\s+police\s+conduct", r"\bIOPC\b")),
    ("Independent Police Complaints Commission", "regulator", "Home Office", (r"independent\s+police\s+complaints\s+commission", r"\bIPCC\b")),
    ("Police Complaints Authority", "regulator", "Home Office", (r"police\s+complaints\s+authority",)),
    ("HM Inspectorate of Constabulary", "regulator", "Home Office", (r"h\.?m\.?\s+inspectorate\s+of\s+constabulary", r"\bHMICFRS\b", r"\bHMIC\b")),
    ("HM Inspectorate of Prisons", "regulator", "Ministry of Justice", (r"h\.?m\.?\s+inspectorate\s+of\s+prisons",)),
    ("Parliamentary and Health Service Ombudsman", "regulator", None, (r"parliamentary\s+and\s+health\s+service\s+ombudsman", r"parliamentary\s+ombudsman", r"\bPHSO\b")),
    ("Local Government and Social Care Ombudsman", "regulator", None, (r"local\s+government\s+(?:and\s+social\s+care\s+)?ombudsman",)),
    ("Housing Ombudsman", "regulator", None, (r"housing\s+ombudsman",)),
    ("National Audit Office", "public_body", None, (r"national\s+audit\s+office", r"\bNAO\b")),
    ("Audit Commission", "public_body", None, (r"audit\s+commission",)),
    ("Bank of England", "public_body", None, (r"bank\s+of\s+england",)),
    ("Local Government Association", "other", None, (r"local\s+government\s+association",)),
    ("Arts Council England", "public_body", "Department for Culture, Media and Sport", (r"arts\s+council(?:\s+england)?",)),
    ("Sport England", "public_body", "Department for Culture, Media and Sport", (r"sport\s+england",)),
    ("Historic England", "public_body", "Department for Culture, Media and Sport", (r"historic\s+england", r"english\s+heritage")),
    ("BBC", "public_body", None, (r"\bBBC\b", r"british\s+broadcasting\s+corporation")),
    ("Channel 4", "public_body", None, (r"channel\s+4\s+(?:television|corporation)",)),
    ("British Council", "public_body", None, (r"british\s+council",)),
    ("UK Health Security Agency", "agency", "Department of Health and Social Care", (r"uk\s+health\s+security\s+agency", r"\bUKHSA\b")),
    ("Public Health England", "agency", "Department of Health", (r"public\s+health\s+england",)),
    ("Medicines and Healthcare products Regulatory Agency", "regulator", "Department of Health and Social Care", (rf"medicines\s+{A}\s+healthcare\s+products\s+regulatory\s+agency", r"\bMHRA\b")),
    ("National Institute for Health and Care Excellence", "nhs", "Department of Health and Social Care", (r"national\s+institute\s+for\s+health\s+(?:and\s+care|and\s+clinical)\s+excellence", r"\bNICE\b")),
    # The NHS.
    ("NHS England", "nhs", "Department of Health and Social Care", (r"nhs\s+england",)),
    ("NHS Improvement", "nhs", "Department of Health and Social Care", (r"nhs\s+improvement",)),
    ("NHS Executive", "nhs", "Department of Health", (r"nhs\s+executive",)),
    ("NHS Business Services Authority", "nhs", "Department of Health and Social Care", (r"nhs\s+business\s+services\s+authority", r"\bNHSBSA\b")),
    ("NHS Digital", "nhs", "Department of Health and Social Care", (r"nhs\s+digital",)),
    ("NHS Resolution", "nhs", "Department of Health and Social Care", (r"nhs\s+resolution", r"nhs\s+litigation\s+authority")),
    ("NHS Blood and Transplant", "nhs", "Department of Health and Social Care", (rf"nhs\s+blood\s+{A}\s+transplant",)),
    ("NHS Scotland", "nhs", "Scottish Government", (r"nhs\s+scotland",)),
    ("NHS Wales", "nhs", "Welsh Government", (r"nhs\s+wales",)),
    ("NHS", "nhs", "Department of Health and Social Care", (r"national\s+health\s+service",)),
    # Devolved governments.
    ("Scottish Government", "devolved", None, (r"scottish\s+government", r"scottish\s+executive")),
    ("Scottish Parliament", "devolved", None, (r"scottish\s+parliament",)),
    ("Welsh Government", "devolved", None, (r"welsh\s+(?:assembly\s+)?government", r"llywodraeth\s+cymru")),
    ("Senedd", "devolved", None, (r"\bsenedd\b", r"national\s+assembly\s+for\s+wales", r"welsh\s+parliament")),
    ("Northern Ireland Executive", "devolved", None, (r"northern\s+ireland\s+executive",)),
    ("Northern Ireland Assembly", "devolved", None, (r"northern\s+ireland\s+assembly",)),
    ("Greater London Authority", "devolved", None, (r"greater\s+london\s+authority", r"mayor\s+of\s+london")),
    ("Transport for London", "public_body", "Greater London Authority", (r"transport\s+for\s+london", r"\bTfL\b")),
    ("Metropolitan Police Service", "police", None, (r"metropolitan\s+police(?:\s+service)?",)),
    # Parliament and its offices.
    ("Speaker of the House of Commons", "office_of_house", None, (r"speaker'?s\s+office", r"office\s+of\s+the\s+speaker", r"speaker\s+of\s+the\s+house\s+of\s+commons")),
    ("Parliamentary Commissioner for Standards", "office_of_house", None, (r"parliamentary\s+commissioner\s+for\s+standards", r"commissioner\s+for\s+standards")),
    ("Independent Parliamentary Standards Authority", "office_of_house", None, (r"independent\s+parliamentary\s+standards\s+authority", r"\bIPSA\b")),
    ("Committee of Public Accounts", "select_committee", None, (r"committee\s+of\s+public\s+accounts", r"public\s+accounts\s+committee")),
    ("House of Commons", "parliament", None, (r"house\s+of\s+commons", r"constituency\s+office", r"office\s+of\s+(?:[A-Z][\w'’\-]+\s+){1,4}MP")),
    ("House of Lords", "parliament", None, (r"house\s+of\s+lords",)),
    # Companies MPs often write to.
    ("Royal Mail", "company", None, (r"royal\s+mail",)),
    ("Post Office", "company", None, (r"post\s+office\s+ltd", r"post\s+office\s+limited")),
    ("Network Rail", "company", "Department for Transport", (r"network\s+rail",)),
    ("Railtrack", "company", None, (r"\brailtrack\b",)),
    ("Heathrow Airport", "company", None, (r"heathrow\s+airport(?:\s+(?:ltd|limited))?", r"\bBAA\b")),
    ("Thames Water", "company", None, (r"thames\s+water",)),
    ("Southern Water", "company", None, (r"southern\s+water",)),
    ("Severn Trent", "company", None, (r"severn\s+trent",)),
    ("United Utilities", "company", None, (r"united\s+utilities",)),
    ("Yorkshire Water", "company", None, (r"yorkshire\s+water",)),
    ("Anglian Water", "company", None, (r"anglian\s+water",)),
    ("BT", "company", None, (r"british\s+telecom(?:munications)?", r"\bBT\s+(?:group|plc)\b", r"\bopenreach\b")),
    ("British Gas", "company", None, (r"british\s+gas",)),
    ("National Grid", "company", None, (r"national\s+grid",)),
    ("Barclays", "company", None, (r"\bbarclays(?:\s+bank)?\b",)),
    ("HSBC", "company", None, (r"\bHSBC\b",)),
    ("Lloyds Banking Group", "company", None, (r"lloyds\s+(?:banking\s+group|bank|tsb)",)),
    ("NatWest", "company", None, (r"\bnatwest\b", r"national\s+westminster\s+bank", r"royal\s+bank\s+of\s+scotland", r"\bRBS\b")),
    ("Santander", "company", None, (r"\bsantander\b",)),
    ("Nationwide Building Society", "company", None, (r"nationwide\s+building\s+society",)),
    ("Capita", "company", None, (r"\bcapita\b",)),
    ("Serco", "company", None, (r"\bserco\b",)),
    ("G4S", "company", None, (r"\bG4S\b",)),
    ("Atos", "company", None, (r"\batos\b",)),
    ("Maximus", "company", None, (r"\bmaximus\b",)),
]  # fmt: skip

# Machinery-of-government changes: (before, after, date in force, kind). A rename or merge
# carries the old name to the new one; a split is an edge for pairing only (the successors of
# one department are not one another's).
SUCCESSIONS: list[tuple[str, str, str, str]] = [
    ("Department of Social Security", "Department for Work and Pensions", "2001-06-08", "merge"),
    ("Department for Education and Employment", "Department for Work and Pensions", "2001-06-08", "split"),
    ("Department for Education and Employment", "Department for Education and Skills", "2001-06-08", "rename"),
    ("Department for Education and Skills", "Department for Children, Schools and Families", "2007-06-28", "split"),
    ("Department for Education and Skills", "Department for Innovation, Universities and Skills", "2007-06-28", "split"),
    ("Department for Children, Schools and Families", "Department for Education", "2010-05-12", "rename"),
    ("Department for Innovation, Universities and Skills", "Department for Business, Innovation and Skills", "2009-06-05", "merge"),
    ("Department of Trade and Industry", "Department for Business, Enterprise and Regulatory Reform", "2007-06-28", "rename"),
    ("Department for Business, Enterprise and Regulatory Reform", "Department for Business, Innovation and Skills", "2009-06-05", "merge"),
    ("Department for Business, Innovation and Skills", "Department for Business, Energy and Industrial Strategy", "2016-07-14", "merge"),
    ("Department of Energy and Climate Change", "Department for Business, Energy and Industrial Strategy", "2016-07-14", "merge"),
    ("Department for Business, Energy and Industrial Strategy", "Department for Business and Trade", "2023-02-07", "split"),
    ("Department for Business, Energy and Industrial Strategy", "Department for Energy Security and Net Zero", "2023-02-07", "split"),
    ("Department for Business, Energy and Industrial Strategy", "Department for Science, Innovation and Technology", "2023-02-07", "split"),
    ("Department for International Trade", "Department for Business and Trade", "2023-02-07", "merge"),
    ("Department of the Environment", "Department of the Environment, Transport and the Regions", "1997-06-16", "merge"),
    ("Department of Transport", "Department of the Environment, Transport and the Regions", "1997-06-16", "merge"),
    ("Ministry of Agriculture, Fisheries and Food", "Department for Environment, Food and Rural Affairs", "2001-06-08", "merge"),
    ("Department of the Environment, Transport and the Regions", "Department for Environment, Food and Rural Affairs", "2001-06-08", "split"),
    ("Department of the Environment, Transport and the Regions", "Department for Transport, Local Government and the Regions", "2001-06-08", "split"),
    ("Department for Transport, Local Government and the Regions", "Department for Transport", "2002-05-29", "split"),
    ("Department for Transport, Local Government and the Regions", "Office of the Deputy Prime Minister", "2002-05-29", "split"),
    ("Office of the Deputy Prime Minister", "Department for Communities and Local Government", "2006-05-05", "rename"),
    ("Department for Communities and Local Government", "Ministry of Housing, Communities and Local Government", "2018-01-08", "rename"),
    ("Ministry of Housing, Communities and Local Government", "Department for Levelling Up, Housing and Communities", "2021-09-19", "rename"),
    ("Department for Levelling Up, Housing and Communities", "Ministry of Housing, Communities and Local Government", "2024-07-08", "rename"),
    ("Department of Health", "Department of Health and Social Care", "2018-01-08", "rename"),
    ("Department of National Heritage", "Department for Culture, Media and Sport", "1997-07-14", "rename"),
    ("Department for Culture, Media and Sport", "Department for Digital, Culture, Media and Sport", "2017-07-03", "rename"),
    ("Department for Digital, Culture, Media and Sport", "Department for Culture, Media and Sport", "2023-02-07", "rename"),
    ("Foreign and Commonwealth Office", "Foreign, Commonwealth & Development Office", "2020-09-02", "merge"),
    ("Department for International Development", "Foreign, Commonwealth & Development Office", "2020-09-02", "merge"),
    ("Foreign Office", "Foreign, Commonwealth & Development Office", "2020-09-02", "merge"),
    ("Foreign and Commonwealth Office", "Foreign Office", "1968-10-17", "split"),
    ("Lord Chancellor's Department", "Department for Constitutional Affairs", "2003-06-12", "rename"),
    ("Department for Constitutional Affairs", "Ministry of Justice", "2007-05-09", "rename"),
    ("Scottish Office", "Scotland Office", "1999-07-01", "rename"),
    ("Welsh Office", "Wales Office", "1999-07-01", "rename"),
    ("Inland Revenue", "HM Revenue & Customs", "2005-04-18", "merge"),
    ("HM Customs and Excise", "HM Revenue & Customs", "2005-04-18", "merge"),
    ("Contributions Agency", "Inland Revenue", "1999-04-01", "merge"),
    ("Benefits Agency", "Jobcentre Plus", "2002-04-01", "split"),
    ("Benefits Agency", "The Pension Service", "2002-04-01", "split"),
    ("Employment Service", "Jobcentre Plus", "2002-04-01", "merge"),
    ("Jobcentre Plus", "Department for Work and Pensions", "2011-10-03", "merge"),
    ("Child Support Agency", "Child Maintenance Service", "2012-12-10", "rename"),
    ("Highways Agency", "Highways England", "2015-04-01", "rename"),
    ("Highways England", "National Highways", "2021-08-19", "rename"),
    ("Driving Standards Agency", "Driver and Vehicle Standards Agency", "2014-04-01", "merge"),
    ("Vehicle and Operator Services Agency", "Driver and Vehicle Standards Agency", "2014-04-01", "merge"),
    ("Prison Service", "National Offender Management Service", "2004-06-01", "merge"),
    ("National Offender Management Service", "HM Prison and Probation Service", "2017-04-01", "rename"),
    ("Court Service", "HM Courts Service", "2005-04-01", "rename"),
    ("HM Courts Service", "HM Courts & Tribunals Service", "2011-04-01", "merge"),
    ("Tribunals Service", "HM Courts & Tribunals Service", "2011-04-01", "merge"),
    ("Legal Services Commission", "Legal Aid Agency", "2013-04-01", "rename"),
    ("Immigration and Nationality Directorate", "Border and Immigration Agency", "2007-04-01", "rename"),
    ("Border and Immigration Agency", "UK Border Agency", "2008-04-03", "rename"),
    ("UK Border Agency", "UK Visas and Immigration", "2013-04-01", "split"),
    ("UK Border Agency", "Immigration Enforcement", "2013-04-01", "split"),
    ("UK Passport Service", "Identity and Passport Service", "2006-04-01", "rename"),
    ("Identity and Passport Service", "HM Passport Office", "2013-05-13", "rename"),
    ("Criminal Records Bureau", "Disclosure and Barring Service", "2012-12-01", "merge"),
    ("Police Complaints Authority", "Independent Police Complaints Commission", "2004-04-01", "rename"),
    ("Independent Police Complaints Commission", "Independent Office for Police Conduct", "2018-01-08", "rename"),
    ("Public Health England", "UK Health Security Agency", "2021-10-01", "split"),
    ("NHS Executive", "NHS England", "2013-04-01", "split"),
    ("NHS Improvement", "NHS England", "2022-07-01", "merge"),
    ("Commission for Social Care Inspection", "Care Quality Commission", "2009-04-01", "merge"),
    ("Healthcare Commission", "Care Quality Commission", "2009-04-01", "merge"),
    ("Financial Services Authority", "Financial Conduct Authority", "2013-04-01", "split"),
    ("Financial Services Authority", "Prudential Regulation Authority", "2013-04-01", "split"),
    ("Office of Fair Trading", "Competition and Markets Authority", "2014-04-01", "merge"),
    ("Oftel", "Ofcom", "2003-12-29", "merge"),
    ("Ofgas", "Ofgem", "1999-06-16", "merge"),
    ("Offer", "Ofgem", "1999-06-16", "merge"),
    ("Office of the Rail Regulator", "Office of Rail Regulation", "2004-07-05", "rename"),
    ("Office of Rail Regulation", "Office of Rail and Road", "2015-04-01", "rename"),
    ("Railtrack", "Network Rail", "2002-10-03", "rename"),
]  # fmt: skip

# Bodies that also answer for a department without being its agency in the table above.
RELATED: list[tuple[str, str]] = [
    ("Network Rail", "Department for Transport"),
    ("Border Force", "Home Office"),
]

# A minister's title names the department it belongs to (regular expressions, first match
# wins); compiled by the project from GOV.UK's ministerial roles.
ROLE_PATTERNS: list[tuple[str, str]] = [
    (r"home\s+secretary|home\s+department|immigration|policing|crime|security\s+and|"
     r"for\s+security\b|safeguarding|fire\s+service|countering\s+extremism|border|"
     r"vulnerability", "Home Office"),
    (r"chancellor\s+of\s+the\s+exchequer|treasury|financial\s+secretary|economic\s+secretary|"
     r"exchequer\s+secretary|paymaster\s+general", "HM Treasury"),
    (r"for\s+education|schools?\b|children\s+and\s+families|higher\s+education|skills\b|"
     r"apprenticeships|education\s+secretary|universities", "Department for Education"),
    (r"health\s+and\s+social\s+care|social\s+care|health\s+secretary|for\s+health\b|"
     r"mental\s+health|public\s+health|primary\s+care|patient\s+safety", "Department of Health and Social Care"),
    (r"justice|lord\s+chancellor|prisons|probation|courts|victims", "Ministry of Justice"),
    (r"work\s+and\s+pensions|pensions|employment|disabled\s+people|welfare\s+delivery|"
     r"social\s+security", "Department for Work and Pensions"),
    (r"defence|armed\s+forces|veterans|defence\s+procurement", "Ministry of Defence"),
    (r"transport|rail\b|railways|roads|aviation|maritime", "Department for Transport"),
    (r"environment,?\s+food|rural\s+affairs|farming|fisheries|floods|water\b",
     "Department for Environment, Food and Rural Affairs"),
    (r"communities\s+and\s+local\s+government", "Department for Communities and Local Government"),
    (r"housing,?\s+communities", "Ministry of Housing, Communities and Local Government"),
    (r"levelling\s+up", "Department for Levelling Up, Housing and Communities"),
    (r"foreign|commonwealth|overseas\s+territories|africa\b|middle\s+east|asia\b|europe\s+and",
     "Foreign Office"),
    (r"international\s+development", "Department for International Development"),
    (r"international\s+trade", "Department for International Trade"),
    (r"business,?\s+energy|industrial\s+strategy", "Department for Business, Energy and Industrial Strategy"),
    (r"business,?\s+innovation", "Department for Business, Innovation and Skills"),
    (r"business\s+and\s+trade", "Department for Business and Trade"),
    (r"energy\s+and\s+climate\s+change", "Department of Energy and Climate Change"),
    (r"energy\s+security|net\s+zero", "Department for Energy Security and Net Zero"),
    (r"science,?\s+innovation|technology", "Department for Science, Innovation and Technology"),
    (r"digital,?\s+culture|culture,?\s+media|sport\b|media\s+and|tourism|heritage|arts\b",
     "Department for Digital, Culture, Media and Sport"),
    (r"exiting\s+the\s+european\s+union", "Department for Exiting the European Union"),
    (r"northern\s+ireland", "Northern Ireland Office"),
    (r"for\s+scotland", "Scotland Office"),
    (r"for\s+wales", "Wales Office"),
    (r"cabinet\s+office|duchy\s+of\s+lancaster|constitution", "Cabinet Office"),
    (r"attorney\s+general|solicitor\s+general", "Attorney General's Office"),
    (r"prime\s+minister", "Prime Minister's Office"),
]  # fmt: skip

EMAIL_DOMAINS: list[tuple[str, str]] = [
    ("parliament.uk", "House of Commons"),
    ("homeoffice.gov.uk", "Home Office"),
    ("hmtreasury.gov.uk", "HM Treasury"),
    ("education.gov.uk", "Department for Education"),
    ("dhsc.gov.uk", "Department of Health and Social Care"),
    ("justice.gov.uk", "Ministry of Justice"),
    ("dwp.gov.uk", "Department for Work and Pensions"),
    ("mod.gov.uk", "Ministry of Defence"),
    ("mod.uk", "Ministry of Defence"),
    ("dft.gov.uk", "Department for Transport"),
    ("defra.gov.uk", "Department for Environment, Food and Rural Affairs"),
    ("communities.gov.uk", "Ministry of Housing, Communities and Local Government"),
    ("levellingup.gov.uk", "Department for Levelling Up, Housing and Communities"),
    ("fcdo.gov.uk", "Foreign, Commonwealth & Development Office"),
    ("fco.gov.uk", "Foreign and Commonwealth Office"),
    ("cabinetoffice.gov.uk", "Cabinet Office"),
    ("hmrc.gov.uk", "HM Revenue & Customs"),
    ("ofsted.gov.uk", "Ofsted"),
    ("nhs.net", "NHS"),
    ("england.nhs.uk", "NHS England"),
    ("beis.gov.uk", "Department for Business, Energy and Industrial Strategy"),
    ("trade.gov.uk", "Department for International Trade"),
    ("businessandtrade.gov.uk", "Department for Business and Trade"),
    ("dcms.gov.uk", "Department for Digital, Culture, Media and Sport"),
    ("dsit.gov.uk", "Department for Science, Innovation and Technology"),
    ("desnz.gov.uk", "Department for Energy Security and Net Zero"),
    ("fca.org.uk", "Financial Conduct Authority"),
    ("ofcom.org.uk", "Ofcom"),
    ("ofgem.gov.uk", "Ofgem"),
    ("ofwat.gov.uk", "Ofwat"),
    ("environment-agency.gov.uk", "Environment Agency"),
    ("nationalhighways.co.uk", "National Highways"),
    ("highwaysengland.co.uk", "Highways England"),
    ("dvla.gov.uk", "Driver and Vehicle Licensing Agency"),
    ("statistics.gov.uk", "UK Statistics Authority"),
    ("ons.gov.uk", "Office for National Statistics"),
    ("cps.gov.uk", "Crown Prosecution Service"),
    ("gov.scot", "Scottish Government"),
    ("gov.wales", "Welsh Government"),
    ("networkrail.co.uk", "Network Rail"),
    ("royalmail.com", "Royal Mail"),
    ("thameswater.co.uk", "Thames Water"),
    ("heathrow.com", "Heathrow Airport"),
]

# Organisations not named above, recognised by the shape of their name.
SHAPES: list[tuple[str, str]] = [
    (r"\b(?:Select\s+)?Committee\b|\bCommittee\s+(?:of|on|for)\b", "select_committee"),
    (
        r"\b(?:Borough|County|City|District|Town|Parish|Metropolitan|Unitary)\s+Council\b|"
        r"\bCouncil\s+of\b|\bCouncil$|\bLondon\s+Borough\s+of\b|\bRoyal\s+Borough\b",
        "council",
    ),
    (r"\bPolice\b|\bConstabulary\b|\bPolice\s+and\s+Crime\s+Commissioner\b", "police"),
    (
        r"\bNHS\b|\bHospitals?\b|\bClinical\s+Commissioning\s+Group\b|\bCCG\b|\bHealth\s+Board\b|"
        r"\bIntegrated\s+Care\s+Board\b|\bPrimary\s+Care\s+Trust\b|\bHealth\s+Authority\b|"
        r"\bAmbulance\s+Service\b|\bFoundation\s+Trust\b",
        "nhs",
    ),
    (r"\bFire\s+(?:and|&)\s+Rescue\b", "public_body"),
    (r"\bAgency\b", "agency"),
    (r"\bOmbudsman\b|\bInspectorate\b|\bRegulator\b|\bRegulatory\b", "regulator"),
    (r"\bDepartment\b|\bMinistry\b", "department"),
    (r"\b(?:Ltd|Limited|plc|PLC|Group|Bank|Building\s+Society|Water|Airport|Airways)\b", "company"),
    (
        r"\bCommission\b|\bAuthority\b|\bBoard\b|\bTrust\b|\bService\b|\bTribunal\b|\bCourt\b|"
        r"\bExecutive\b|\bDirectorate\b|\bOffice\b|\bCouncil\b",
        "public_body",
    ),
]

# parlparse organisation names that are not a spelling of a department above.
_PARLPARSE_SKIP = re.compile(
    r"shadow|whips?$|household|party|house\s+of|parliament|cross-portfolio|non-departmental|"
    r"regional\s+affairs|^foreign\s+affairs$|^health$|^work\s+&\s+pensions$|opposition",
    re.IGNORECASE,
)
_PORTFOLIO = re.compile(r"\(([^()]*(?:\([^()]*\))?[^()]*)\)")


def _resolve(name: str) -> str | None:
    """The canonical name of a department named in another source, by the spellings above."""
    for canonical, kind, _parent, spellings in ORGANISATIONS:
        if kind not in ("department", "agency"):
            continue
        for spelling in spellings:
            acronym = spelling.startswith(r"\b") and spelling[2:3].isupper()
            pattern = re.compile(rf"^(?:the\s+)?{spelling}$", 0 if acronym else re.IGNORECASE)
            if pattern.match(name.strip()):
                return canonical
    return None


def portfolios(ministers_json: Path) -> list[dict[str, str]]:
    """Portfolio phrases from ministerial titles -> department, with the dates they held."""
    data = json.loads(ministers_json.read_text(encoding="utf-8"))
    names = {org["id"]: org["name"] for org in data["organizations"]}
    spans: dict[tuple[str, str], list[str]] = {}
    for post in data["memberships"]:
        role, org = post.get("role", ""), names.get(post.get("organization_id", ""), "")
        if not role or "PPS" in role or _PARLPARSE_SKIP.search(org) or _PARLPARSE_SKIP.search(role):
            continue
        department = _resolve(org)
        if department is None:
            continue
        for phrase in _PORTFOLIO.findall(role):
            for part in re.split(r";\s*", phrase):
                part = re.sub(r"\s+", " ", part.strip().lower())
                if not part or part.startswith(("also ", "minister for the ")) or len(part) < 4:
                    continue
                span = spans.setdefault((part, department), [post["start_date"], post["end_date"]])
                span[0] = min(span[0], post.get("start_date") or span[0])
                span[1] = max(span[1], post.get("end_date") or span[1])
    return [
        {"portfolio": part, "department": department, "from": span[0], "until": span[1]}
        for (part, department), span in sorted(spans.items())
    ]


def build(ministers_json: Path) -> dict[str, Any]:
    names = {name for name, *_ in ORGANISATIONS}
    repeated = [row for row in dict.fromkeys(SUCCESSIONS) if SUCCESSIONS.count(row) > 1]
    assert not repeated, f"successions listed twice: {repeated}"
    for before, after, _on, _kind in SUCCESSIONS:
        assert before in names and after in names, (before, after)
    for _pattern, department in ROLE_PATTERNS:
        assert department in names, department
    for _domain, org in EMAIL_DOMAINS:
        assert org in names, org
    organisations = []
    for name, kind, parent, spellings in ORGANISATIONS:
        assert parent is None or parent in names, parent
        organisations.append(
            {
                "name": name,
                "kind": kind,
                "parent": parent,
                "spellings": list(spellings),
                "email_domains": [domain for domain, org in EMAIL_DOMAINS if org == name],
            }
        )
    return {
        "about": {
            "what": "Organisations UK MPs write to: spellings, kinds, parents, renames, roles.",
            "sources": [
                "Hand-compiled by the Dispatch Box project from GOV.UK "
                "(https://www.gov.uk/government/organisations) and Parliament's pages: names, "
                "spellings, kinds, parents, renames, e-mail domains, role patterns.",
                "mySociety parlparse members/ministers.json (https://github.com/mysociety/"
                "parlparse): ministerial titles and their departments ('portfolios').",
            ],
            "licence": "Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/"
            "open-government-licence/version/3/); ministerial data also under the Open "
            "Parliament Licence v3.0.",
            "built_by": "tools/build_organisations.py",
        },
        "organisations": organisations,
        "successions": [
            {"from": before, "to": after, "on": on, "kind": kind}
            for before, after, on, kind in SUCCESSIONS
        ],
        "related": [{"body": body, "department": department} for body, department in RELATED],
        "role_patterns": [{"pattern": p, "department": d} for p, d in ROLE_PATTERNS],
        "portfolios": portfolios(ministers_json),
        "shapes": [{"pattern": p, "kind": k} for p, k in SHAPES],
    }


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} MINISTERS_JSON")
    registry = build(Path(argv[1]))
    OUT.write_text(json.dumps(registry, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(
        f"{len(registry['organisations'])} organisations, {len(registry['successions'])} "
        f"successions, {len(registry['portfolios'])} portfolios -> {OUT}"
    )


if __name__ == "__main__":
    main(sys.argv)
