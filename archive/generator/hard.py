"""Phrasings of the cases pairing finds hard: transfers, several letters, holding replies."""

from __future__ import annotations

# Phrasings of the hard cases, generalised from published ministerial replies (transfers
# between departments, answers to several letters, replies naming only the constituent,
# holding replies and the full replies that follow them); no letter is copied.
_TRANSFER_NOTICES = (
    "As this is a matter for {other}, I have transferred your letter to them and asked that "
    "they reply to you directly.",
    "The issues you raise fall within the responsibilities of {other}, so your letter has "
    "been passed to them for reply.",
    "I have shared your letter with {other}, which leads on this policy, and they will reply "
    "to you in due course.",
    "Responsibility for this rests with {other}. I have therefore forwarded your letter to "
    "my colleagues there, who will respond.",
)


_TRANSFERRED_OPENINGS = (
    "Your letter of {cited} to {to} about {subject} has been passed to this Department for reply.",
    "Your letter of {cited} to {first} about {subject} has been transferred to this "
    "Department, as the matter falls within our responsibilities.",
    "Thank you for your letter of {cited} to {to}, about {subject}, which has been passed "
    "to me for reply.",
    "I have been asked to reply to your letter of {cited} to {first} about {subject}.",
    "{first_cap} has forwarded your letter of {cited} about {subject} to this Department, "
    "since it concerns matters for which we are responsible.",
    "Your letter of {cited} about {subject}, addressed to {to}, has been transferred to me "
    "as the Minister responsible.",
)


_AGAIN_OPENINGS = (
    "I am writing again about {subject}.",
    "Further to my earlier letter, I write again about {subject}.",
    "I write further to my recent letter about {subject}, as my constituent has been in "
    "touch again.",
    "I have received further correspondence from my constituent about {subject}.",
)


_SEVERAL_OPENINGS = (
    "Thank you for your letters of {dates} about {subject}.",
    "Thank you for your {count} letters of {dates} regarding {subject}.",
    "I am replying to your letters of {dates}, about {subject}.",
    "Thank you for your letter of {first}, and your further letter of {last}, about {subject}.",
    "I am grateful for your letters dated {dates} concerning {subject}; I am replying to "
    "them together.",
)


_CONSTITUENT_OPENINGS = (
    "I am writing on behalf of my constituent, {constituent}, about {subject}.",
    "My constituent, {constituent} of {place}, has contacted me about {subject}.",
    "I have been contacted by my constituent {constituent}, who is concerned about {subject}.",
)


_UNCITED_OPENINGS = (
    "Thank you for your recent letter on behalf of your constituent, {constituent}, about "
    "{subject}.",
    "Thank you for writing on behalf of {constituent} about {subject}.",
    "I am writing in response to your letter on behalf of your constituent {constituent}, "
    "regarding {subject}.",
    "You wrote to me on behalf of {constituent} of {place} about {subject}.",
    "Thank you for contacting me about the case of your constituent, {constituent}.",
    "Thank you for your recent correspondence about {constituent} and {subject}.",
)


_HOLDING_NOTICES = (
    "I will write again as soon as I am able to give you a full reply.",
    "Officials are looking into the points you raise, and I will reply in full shortly.",
    "I am sorry that I cannot yet reply in full; I will write to you again once enquiries "
    "are complete.",
    "You will receive a full reply as soon as possible.",
)


_FULL_OPENINGS = (
    "Further to my letter of {holding}, I can now reply in full to your letter of {cited} "
    "about {subject}.",
    "I wrote to you on {holding} to say that I would reply in full about {subject}; I am "
    "now able to do so.",
    "Following my interim reply of {holding}, I am writing about {subject}.",
    "I promised in my letter of {holding} to write again about {subject}.",
    "Further to my earlier letter about {subject}, I am now in a position to reply.",
)
