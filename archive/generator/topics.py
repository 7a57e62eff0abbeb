"""What letters are about: topics with their MP and reply sentences, and generic phrasings."""

from __future__ import annotations

from dataclasses import dataclass

SMALL = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")


COMMITTEES: tuple[tuple[str, str], ...] = (
    ("Home Affairs Committee", "ho"),
    ("Education Committee", "dfe"),
    ("Work and Pensions Committee", "dwp"),
    ("Transport Committee", "dft"),
    ("Justice Committee", "moj"),
    ("Health and Social Care Committee", "dhsc"),
    ("Environment, Food and Rural Affairs Committee", "defra"),
    ("Public Accounts Committee", "hmt"),
    ("Defence Committee", "mod"),
    ("Housing, Communities and Local Government Committee", "dluhc"),
)


CHARITY_KINDS = ("Trust", "Foundation", "Community Network", "Families Association", "Alliance")


@dataclass(frozen=True, slots=True)
class Topic:
    subjects: tuple[str, ...]
    mp: tuple[str, ...]
    reply: tuple[str, ...]


TOPICS: dict[str, Topic] = {
    "child_protection": Topic(
        (
            "child sexual exploitation in {place}",
            "the safeguarding of children in {place}",
            "children's services at {council}",
            "the handling of a child protection case in {place2}",
        ),
        (
            "I am writing to ask for an independent review of the way child sexual exploitation "
            "has been handled in {place}.",
            "Several families in {place} have contacted me with serious concerns about the "
            "response of {council} to reports of abuse.",
            "The number of reported offences against children in {area} has risen by {pct} per "
            "cent over the last {small} years, yet prosecutions remain rare.",
            "My constituent, {constituent}, first raised concerns with social workers in "
            "{year_before} and says that nothing was done for many months.",
            "I would be grateful if you could tell me what assessment your department has made "
            "of the performance of children's services at {council}.",
            "Local councillors, the police and headteachers have all told me that information is "
            "still not shared quickly enough between agencies.",
            "I have met survivors who told me that they were not believed when they first came "
            "forward, and that they were treated as troublemakers rather than victims.",
            "It is essential that victims in {place} and {place2} have confidence that lessons "
            "have been learned.",
            "Would the Minister agree to meet me and a small group of parents from {place} to "
            "hear their concerns directly?",
            "The most recent Ofsted inspection judged the service to require improvement, but "
            "parents tell me that little has changed since.",
        ),
        (
            "Child sexual abuse is a despicable crime and I am clear that victims must be "
            "protected, abuse must be properly investigated and perpetrators brought to justice.",
            "My officials have spoken to senior officers in {force} and to {council}, who "
            "acknowledge the scale of the problem and past failures in {place}.",
            "Ofsted are best placed to uncover issues and determine local performance, and "
            "inspected {council} in {month} {year_before}.",
            "Local services have told us that they are prioritising work to tackle child sexual "
            "exploitation and are working together to address the issues you raised.",
            "The Government has made {money} available to support specialist safeguarding teams "
            "in areas such as {place}.",
            "It is for the local safeguarding partnership to decide whether a further "
            "independent review is necessary, but I will keep the position under close review.",
            "I have asked officials to visit {council} and the Police and Crime Commissioner to "
            "discuss the challenges they face.",
            "If you have evidence that leadership failings are affecting the delivery of "
            "services, please make my department aware of it.",
            "The Child Sexual Exploitation Response Unit can provide independent support to "
            "professionals working in children's safeguarding across the country.",
            "I recognise how distressing these events have been for the families concerned.",
        ),
    ),
    "immigration": Topic(
        (
            "the immigration case of your constituent {constituent}",
            "delays in processing a visa application for {constituent}",
            "the asylum claim of a family living in {place}",
            "an application for indefinite leave to remain made by {constituent}",
        ),
        (
            "I am writing on behalf of my constituent, {constituent}, of {place}, whose "
            "application for leave to remain was submitted on {past_date} and has still not "
            "been decided.",
            "My constituent has provided all of the documents requested, including a letter from "
            "their employer in {place2} and evidence of their marriage.",
            "The delay means that my constituent cannot work, rent a home or travel to see a "
            "seriously ill parent.",
            "I would be grateful if you could look into this case urgently and let me know when "
            "a decision can be expected.",
            "Several other families in {area} have contacted my office with similar concerns "
            "about waiting times at UK Visas and Immigration.",
            "My caseworkers have made repeated enquiries through the MP account team without "
            "receiving a substantive response.",
            "I understand that the family fled persecution and have lived quietly in {place} for "
            "{small} years, where their children attend the local primary school.",
            "I enclose a signed consent form from my constituent so that you can discuss the "
            "case with my office.",
        ),
        (
            "UK Visas and Immigration has now reviewed the application submitted by {constituent}.",
            "I am sorry for the delay in deciding this application, which has been caused by the "
            "need to carry out further checks.",
            "Applications that are not straightforward, for example those requiring additional "
            "checks or an interview, can take longer than the published service standard.",
            "A decision will be made as soon as possible, and your constituent will be contacted "
            "directly once it has been reached.",
            "The Home Office is committed to processing applications fairly and efficiently, "
            "while maintaining the security of the border.",
            "If your constituent's circumstances change, they should tell the Home Office as "
            "soon as possible so that the case can be updated.",
            "Where an application is refused, the applicant will be told whether they have a "
            "right of appeal or of administrative review.",
            "Caseworkers must consider all of the evidence provided, including any new "
            "information about the family's circumstances in {place}.",
        ),
    ),
    "school_funding": Topic(
        (
            "school funding in {area}",
            "the funding formula for schools in {county}",
            "high needs funding for pupils with special educational needs",
            "the condition of school buildings in {place}",
        ),
        (
            "Headteachers across {area} have told me that they are facing the most difficult "
            "budget decisions of their careers.",
            "{school} expects to lose {money} over the next {small} years under the proposed "
            "funding formula.",
            "Schools in {place} receive considerably less per pupil than schools in neighbouring "
            "authorities, despite facing similar costs.",
            "Several schools in {place2} have already reduced the number of teaching assistants "
            "and cut back on music and sport.",
            "The number of children with education, health and care plans in {county} has "
            "risen by {pct} per cent since {year_before}.",
            "Parents are understandably worried that classes will grow larger and that support "
            "for children with special educational needs will be reduced.",
            "I would be grateful if you could explain how the new formula takes account of the "
            "costs faced by small rural schools in my constituency.",
            "The roof of the main building at {school} has leaked for several winters, and the "
            "governors cannot fund the repairs from their own budget.",
        ),
        (
            "Core schools funding is rising to {money_b} this year, the highest level in real "
            "terms per pupil.",
            "The national funding formula distributes money on the basis of the needs and "
            "characteristics of every school in the country.",
            "Under the formula, schools in {county} will attract an increase of {pct} per cent "
            "in their funding per pupil.",
            "High needs funding is also increasing, and local authorities have flexibility to "
            "move some funding between blocks after consulting their schools forum.",
            "We recognise that schools have faced cost pressures, and the Department is helping "
            "schools to get the best value from their resources.",
            "The Department publishes tools to help schools benchmark their spending against "
            "similar schools.",
            "Capital funding for the condition of school buildings is allocated to responsible "
            "bodies, including {council}, on the basis of need.",
            "Officials would be happy to meet headteachers from {area} to discuss their concerns.",
        ),
    ),
    "benefits": Topic(
        (
            "your constituent's claim for Universal Credit",
            "the Personal Independence Payment assessment of {constituent}",
            "delays to benefit payments in {place}",
            "the closure of the jobcentre in {place2}",
        ),
        (
            "My constituent, {constituent}, has been waiting {small} weeks for the first payment "
            "of Universal Credit and has fallen into rent arrears.",
            "Following a face-to-face assessment, my constituent was awarded no points for daily "
            "living, despite a long history of serious illness.",
            "Food banks in {place} tell me that demand has risen sharply since Universal Credit "
            "was introduced in the area.",
            "The closure of the jobcentre in {place2} would mean a round trip of more than an "
            "hour by bus for many claimants.",
            "I would be grateful if you could ask for this case to be reviewed and let me know "
            "the outcome.",
            "My constituent has a letter from their consultant at {hospital} confirming the "
            "severity of their condition, which the assessor does not appear to have considered.",
            "Local advice services report that many people are unaware that they can request an "
            "advance payment.",
        ),
        (
            "I have asked officials to look into your constituent's claim, and I understand that "
            "payment has now been made in full.",
            "Advance payments are available to anyone who needs help while they wait for their "
            "first regular payment.",
            "Decisions on Personal Independence Payment are based on how a person's condition "
            "affects them, not on the condition itself.",
            "If your constituent disagrees with the decision, they can ask for a mandatory "
            "reconsideration, and a different decision maker will look at the case again.",
            "The Department works closely with local authorities and advice services in {place} "
            "to support people through the move to Universal Credit.",
            "Claimants who have to travel further to attend appointments can ask for reasonable "
            "travel costs to be reimbursed.",
            "I am sorry for the distress that the delay has caused your constituent.",
        ),
    ),
    "nhs": Topic(
        (
            "waiting times at {hospital}",
            "the accident and emergency department at {hospital}",
            "access to GP appointments in {place}",
            "the treatment of your constituent {constituent}",
        ),
        (
            "Patients in {area} are now waiting more than {small} months for routine operations "
            "at {hospital}.",
            "My constituent, {constituent}, was told that the wait for a hip replacement would "
            "be at least eighteen months.",
            "Ambulances have been queuing outside {hospital} for hours at a time, and paramedics "
            "tell me that morale is very low.",
            "The proposal to move maternity services from {hospital} to a site more than twenty "
            "miles away has caused great concern in {place2}.",
            "Residents of {place} find it almost impossible to get an appointment with their GP "
            "within two weeks.",
            "I would be grateful to know what additional support will be provided to {trust} to "
            "reduce waiting lists.",
        ),
        (
            "The NHS is treating more patients than ever before, and the Government has "
            "provided {money_b} to help reduce waiting lists.",
            "Decisions about the configuration of local services are for local commissioners, "
            "who must consult patients and the public.",
            "I understand that {trust} has opened additional theatre capacity and is using the "
            "independent sector to treat patients who have waited longest.",
            "NHS England is working with the trust to improve ambulance handover times at "
            "{hospital}.",
            "Patients have the right to choose where they are referred for treatment, and some "
            "may be treated sooner at another hospital.",
            "I have asked NHS England to write to you with more detail about the plans for "
            "{hospital}.",
        ),
    ),
    "prisons": Topic(
        (
            "conditions at HMP {prison}",
            "staffing levels at HMP {prison}",
            "the release of an offender into {place}",
            "violence against prison officers at HMP {prison}",
        ),
        (
            "Prison officers at HMP {prison}, many of whom live in {place}, have told me that "
            "they no longer feel safe at work.",
            "The most recent report of the Chief Inspector of Prisons described conditions at "
            "HMP {prison} as unacceptable.",
            "Assaults on staff at the prison rose by {pct} per cent in {year_before} alone.",
            "A constituent whose daughter was the victim of a serious offence was not told that "
            "the offender had been released on licence.",
            "I would be grateful if you could set out what steps are being taken to recruit and "
            "retain experienced officers.",
        ),
        (
            "The safety of staff and prisoners is my first priority, and we have recruited "
            "thousands of additional prison officers.",
            "HMP {prison} has received funding for body-worn cameras, improved security and "
            "additional staff.",
            "The Victim Contact Scheme should give victims information about key stages of an "
            "offender's sentence, and I am sorry that this did not happen in this case.",
            "The prison service is working closely with the governor to implement the "
            "recommendations of the Chief Inspector.",
            "Any allegation of assault is referred to the police, and we support the prosecution "
            "of those who attack staff.",
        ),
    ),
    "flooding": Topic(
        (
            "flood defences in {place}",
            "the flooding in {place} in {month}",
            "the River {river} flood alleviation scheme",
            "flood insurance for homes in {place2}",
        ),
        (
            "More than {num} homes in {place} were flooded in {month} when the River {river} "
            "burst its banks.",
            "Residents have waited years for the flood alleviation scheme to be built, and many "
            "cannot now obtain insurance.",
            "The Environment Agency has told me that the scheme in {place2} does not meet its "
            "cost-benefit threshold.",
            "Farmers along the {river} valley have lost crops and livestock, and some fields "
            "remain under water.",
            "I would be grateful if you could confirm whether funding will be made available for "
            "the scheme.",
        ),
        (
            "I was very sorry to hear about the flooding in {place} and the distress it has "
            "caused.",
            "The Government is investing {money_b} in flood and coastal defences, better "
            "protecting hundreds of thousands of homes.",
            "The Environment Agency is working with {council} to develop options for the scheme "
            "on the River {river}.",
            "Flood Re is helping households in high-risk areas to obtain affordable insurance.",
            "Funding for schemes is allocated according to the number of homes protected and the "
            "contributions secured from partners.",
        ),
    ),
    "rail": Topic(
        (
            "rail services to {place}",
            "the timetable changes affecting {place} station",
            "step-free access at {place} station",
            "the reopening of the line to {place2}",
        ),
        (
            "Commuters from {place} have endured months of cancellations and overcrowded trains.",
            "The new timetable removed the direct service from {place} station to London during "
            "the morning peak.",
            "{place} station has no step-free access, which means that disabled passengers must "
            "travel to {place2} to board a train.",
            "There is strong local support for reopening the line between {place} and {place2}, "
            "which closed in the 1960s.",
            "I would be grateful if you could tell me what penalties have been imposed on the "
            "operator for its poor performance.",
        ),
        (
            "I understand the frustration that passengers in {place} have experienced, and I "
            "have raised it directly with the operator.",
            "Network Rail and the operator are working together to improve the reliability of "
            "services on the route.",
            "{place} station has been considered for funding under the Access for All "
            "programme, and I will write again when decisions are made.",
            "The proposal to reopen the line between {place} and {place2} will be assessed "
            "against the published criteria.",
            "The operator is required to meet performance targets and faces financial penalties "
            "where it does not.",
        ),
    ),
    "policing": Topic(
        (
            "police numbers in {area}",
            "anti-social behaviour in {place}",
            "the closure of {place2} police station",
            "knife crime in {place}",
        ),
        (
            "Residents of {place} tell me that they rarely see police officers on the streets, "
            "and that anti-social behaviour has become a daily problem.",
            "{force} has lost {num} officers since {year_before}, according to the figures "
            "published by the Police and Crime Commissioner.",
            "The planned closure of {place2} police station would leave the town without a "
            "public front counter.",
            "Shopkeepers on the high street in {place} have been threatened, and some now close "
            "early rather than face further abuse.",
            "I would be grateful if you could set out how much additional funding {force} will "
            "receive next year.",
        ),
        (
            "Decisions about the deployment of officers are operational matters for the Chief "
            "Constable and the Police and Crime Commissioner.",
            "{force} will receive up to {money} more next year, including precept income.",
            "The Government has recruited thousands of additional police officers across "
            "England and Wales.",
            "Anti-social behaviour can have a serious effect on communities, and the police and "
            "councils have powers to tackle it.",
            "I would encourage residents of {place} to report incidents so that the police can "
            "build a picture of where problems occur.",
        ),
    ),
    "housing": Topic(
        (
            "housing development in {place}",
            "the local plan for {county}",
            "temporary accommodation in {place}",
            "the condition of social housing in {place2}",
        ),
        (
            "The draft local plan would allocate land for {num} new homes on the edge of "
            "{place}, with no new school or surgery.",
            "Families in {place} are spending months in temporary accommodation, often in a "
            "single room, far from their children's schools.",
            "My constituent, {constituent}, has reported damp and mould in their flat to the "
            "landlord many times without any action being taken.",
            "Local people accept the need for new homes but ask that infrastructure is provided "
            "before, not after, development.",
            "I would be grateful if you could confirm whether the Secretary of State will call "
            "in the application for the site at {place2}.",
        ),
        (
            "The planning system is plan-led, and decisions on individual applications are for "
            "the local planning authority in the first instance.",
            "Because of the Secretary of State's quasi-judicial role in the planning system, I "
            "cannot comment on the merits of a particular application.",
            "Local authorities have a duty to secure accommodation for eligible households, and "
            "the Government has provided {money} to prevent homelessness.",
            "Landlords must ensure that homes are free from serious hazards, including damp and "
            "mould, and councils have powers to take enforcement action.",
            "{council} has received funding to help families in temporary accommodation.",
        ),
    ),
    "tax": Topic(
        (
            "the tax affairs of your constituent {constituent}",
            "the closure of the tax office in {place}",
            "business rates for small shops in {place}",
        ),
        (
            "My constituent, {constituent}, has received a demand for {money} which they believe "
            "to be wrong, and has been unable to reach anyone by telephone.",
            "Small businesses on the high street in {place} tell me that business rates are the "
            "greatest threat to their survival.",
            "The closure of the tax office in {place} will mean the loss of {num} jobs.",
        ),
        (
            "I have asked HM Revenue and Customs to review your constituent's account, and they "
            "will write to your constituent directly.",
            "The Government keeps all taxes under review, and any changes are announced at "
            "fiscal events.",
            "Small business rate relief means that many businesses in {place} pay no business "
            "rates at all.",
        ),
    ),
    "energy": Topic(
        (
            "energy bills in {area}",
            "the proposed wind farm near {place2}",
            "off-grid homes in {place}",
        ),
        (
            "Many households in {place} are not connected to the gas grid and rely on heating "
            "oil, whose price has risen sharply.",
            "The proposed wind farm near {place2} has caused great concern among residents.",
            "Constituents tell me that they cannot afford to heat their homes this winter.",
        ),
        (
            "The Government has provided {money_b} of support with energy bills this winter.",
            "Households that use heating oil are eligible for an alternative fuel payment.",
            "Decisions on individual energy projects are taken through the planning process, "
            "which gives local people the opportunity to comment.",
        ),
    ),
    "defence": Topic(
        (
            "support for armed forces veterans in {place}",
            "the future of the barracks at {place2}",
            "the service pension of your constituent {constituent}",
        ),
        (
            "Veterans in {place} tell me that they struggle to find help with housing and "
            "mental health.",
            "The proposed closure of the barracks at {place2} would remove {num} jobs from the "
            "local economy.",
            "My constituent, {constituent}, served for {small} years and has been waiting many "
            "months for a decision on their pension.",
        ),
        (
            "The Government is committed to ensuring that veterans are not disadvantaged by "
            "their service.",
            "No final decision has been taken on the future of the site at {place2}.",
            "Veterans UK has reviewed your constituent's case and will write to them shortly.",
        ),
    ),
    "consular": Topic(
        (
            "consular assistance for your constituent {constituent}",
            "the detention abroad of a family member of {constituent}",
            "travel advice for constituents in {place}",
        ),
        (
            "The family of my constituent, {constituent}, are desperately worried about their "
            "relative, who has been detained abroad without charge.",
            "My constituent has received little information from consular staff and does not "
            "know whether their relative has access to a lawyer.",
            "I would be grateful if you could raise this case with the authorities at the "
            "highest level.",
        ),
        (
            "Consular staff are in regular contact with the family and have visited the detainee.",
            "We cannot interfere in the judicial processes of another country, but we will "
            "continue to raise concerns about fair treatment.",
            "Our travel advice is kept under constant review and is based on the best available "
            "information.",
        ),
    ),
    "digital": Topic(
        (
            "broadband coverage in {place}",
            "mobile signal in {place2}",
            "the future of the library in {place}",
        ),
        (
            "Large parts of {place} still have broadband speeds too slow for children to do "
            "their homework online.",
            "There is no reliable mobile signal in {place2}, which is a real concern for elderly "
            "residents living alone.",
            "The proposed closure of the library in {place} would remove a vital service.",
        ),
        (
            "Gigabit broadband now reaches a majority of premises, and the programme is focused "
            "on the hardest to reach areas such as {place}.",
            "The shared rural network will improve mobile coverage in rural areas.",
            "Decisions about library services are for local authorities, who must provide a "
            "comprehensive and efficient service.",
        ),
    ),
    "general": Topic(
        (
            "a matter raised by your constituent {constituent}",
            "concerns raised by constituents in {place}",
            "the proposals affecting {area}",
        ),
        (
            "My constituent, {constituent}, has asked me to raise this matter with you.",
            "Constituents in {place} feel strongly that their views have not been taken into "
            "account.",
        ),
        (
            "I have looked carefully at the points your constituent raised.",
            "I understand the concerns of residents in {place}.",
        ),
    ),
    "ofsted": Topic(
        ("the inspection of {school}",),
        (
            "I would be grateful if you could explain how inspectors reached their judgement "
            "on {school}.",
        ),
        (
            "I am writing to let you know that Ofsted has published its inspection report on "
            "{school}, which is in your constituency.",
            "Inspectors judged the overall effectiveness of the school to {grade}.",
            "The report recognises the commitment of staff and the strong relationships between "
            "pupils and teachers.",
            "Leaders have been asked to improve the teaching of mathematics and the attendance "
            "of disadvantaged pupils.",
            "A copy of the report is available on our website, and the school will share it with "
            "parents.",
            "Inspectors will return to monitor the school's progress within the next year.",
        ),
    ),
}


GENERIC_MP = (
    "I would be grateful for your urgent attention to this matter.",
    "This issue has been raised with me by a large number of constituents in {area}.",
    "I raised this matter in the House on {past_date}, but I have not yet received a "
    "satisfactory answer.",
    "I have also written to {council} about this matter.",
    "Many of my constituents in {place} and {place2} feel that their concerns are not being heard.",
    "I should be grateful if you would look into this and let me have your comments.",
    "I enclose a copy of the correspondence I have received from my constituent.",
    "Please do not hesitate to contact my office if you require any further information.",
    "My office has been contacted by residents of {place} who are increasingly frustrated.",
    "I appreciate that these are difficult decisions, but the current position cannot continue.",
    "I would welcome the opportunity to meet you or your officials to discuss this further.",
    "It would be helpful to know the timetable for a decision.",
    "The situation in {place2} is, I am afraid, not unusual in my constituency.",
    "I hope that you will be able to give this matter your personal attention.",
    "I have visited {place} several times in recent months and have seen the problem for myself.",
    "Local councillors of all parties share my concerns.",
    "Could you also tell me how many similar cases your department has received this year?",
    "I understand that {council} has raised similar concerns with your officials.",
)


GENERIC_REPLY = (
    "I am grateful to you for raising this important issue.",
    "Officials would be happy to discuss this further with your office.",
    "I recognise the strength of feeling on this matter in {area}.",
    "We will continue to keep this policy under review.",
    "I have asked officials to keep you informed of any developments in {place}.",
    "I know that this will be disappointing, but I hope the explanation above is helpful.",
    "My officials have looked carefully at the points you raised.",
    "It may be helpful if I set out the background to the current arrangements.",
    "The Government takes these concerns very seriously.",
    "I would be happy to meet you to discuss this further if you would find it helpful.",
    "This is a complex area, and it is right that decisions are based on the best evidence.",
    "We have been clear that local partners must work together to deliver for residents of {area}.",
    "I am unable to comment on individual cases, but I can set out the general position.",
    "My officials will continue to monitor the situation closely.",
)


AGENCY_NOTICE: dict[str, tuple[str, ...]] = {
    "police": (
        "I am writing to let you know about an operation we carried out in {place} this week.",
        "Officers made {small} arrests and recovered a quantity of drugs and cash.",
        "Neighbourhood policing teams in {place} and {place2} will be carrying out additional "
        "patrols over the coming weeks.",
        "Residents can report concerns online, by calling 101, or in person at {place} police "
        "station.",
        "I would be happy to brief you further on the work of the force in your constituency.",
    ),
    "nhse": (
        "I am writing to update you on the plans for urgent and emergency care services at "
        "{hospital}.",
        "Following public consultation, local commissioners have agreed a new model of care for "
        "patients in {area}.",
        "{trust} has been asked to set out how it will reduce the longest waits for planned "
        "treatment.",
        "We will continue to keep you and other local Members of Parliament informed as the "
        "plans develop.",
    ),
    "ea": (
        "I am writing to update you on our flood risk management work in {place}.",
        "Work on the flood alleviation scheme on the River {river} is due to begin in {month}.",
        "Our teams have cleared debris from culverts and checked the condition of the defences "
        "following the recent storms.",
        "Flood warnings are free, and I would be grateful if you could encourage residents of "
        "{place2} to sign up.",
    ),
    "nr": (
        "I am writing to let you know about engineering work on the line through {place} station.",
        "The line between {place} and {place2} will be closed on {small} weekends while the "
        "track is renewed.",
        "Rail replacement buses will run between the affected stations.",
        "Once complete, the work will allow faster and more reliable journeys for passengers in "
        "{area}.",
    ),
}


COMMITTEE_SENTENCES = (
    "I am writing on behalf of the {committee} following our evidence session on {past_date}.",
    "The Committee heard evidence from witnesses who raised serious concerns about the matters "
    "set out below.",
    "The Committee would be grateful for a response by {future_date}.",
    "We intend to publish this letter and your response on the Committee's website.",
    "Members of the Committee were struck by the evidence we heard from {place}.",
)


CHARITY_SENTENCES = (
    "I am writing on behalf of {charity}, which supports families across {county}.",
    "Our volunteers in {place} have seen a marked increase in demand over the past year.",
    "We would welcome the opportunity to meet you to discuss these issues.",
    "The families we work with in {place2} tell us that they do not know where to turn.",
)


COUNCIL_SENTENCES = (
    "I am writing to you as Leader of {council} about {subject}.",
    "I would like to thank the council's officers for their constructive engagement with my "
    "department.",
    "I would be grateful if the council could set out its plans by {future_date}.",
)
