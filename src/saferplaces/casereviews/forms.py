"""Forms for the ASB Case Review: the public application and appeal, and the staff review."""

from __future__ import annotations

from typing import Any

from django import forms

from saferplaces.accounts.models import Organisation
from saferplaces.analytics.sources.values import normalise_postcode
from saferplaces.areas.models import District
from saferplaces.casereviews.govuk import GovukDateField, GovukForm, TelInput
from saferplaces.casereviews.models import Application, Complaint

TEXT_LIMIT = 5000


def _postcode(value: str) -> str:
    try:
        postcode = normalise_postcode(value)
    except ValueError:
        raise forms.ValidationError("Enter a real postcode, like LS1 1UR") from None
    if not postcode:
        raise forms.ValidationError("Enter the postcode")
    return postcode


# --- the public application, one question per page ------------------------------------------------------
class WhoForm(GovukForm):
    page_heading = "applicant_type"

    applicant_type = forms.ChoiceField(
        label="Who is applying?",
        choices=Application.ApplicantType.choices,
        widget=forms.RadioSelect,
        help_text="You can apply for someone else, for example a relative or a person you support",
        error_messages={"required": "Select whether you are the victim or applying on their behalf"},
    )


class VictimForm(GovukForm):
    """Asked only of people applying on someone else's behalf."""

    victim_name = forms.CharField(
        label="The victim's full name",
        max_length=200,
        error_messages={"required": "Enter the victim's full name"},
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    relationship = forms.CharField(
        label="How do you know them?",
        max_length=100,
        help_text="For example, a relative, carer, councillor or support worker",
        error_messages={"required": "Enter how you know the victim"},
    )
    victim_consent = forms.BooleanField(
        label="They have agreed to me applying for them",
        error_messages={"required": "Confirm that the victim has agreed to you applying for them"},
    )


class ContactForm(GovukForm):
    applicant_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    applicant_email = forms.EmailField(
        label="Email address (optional if you give a phone number)",
        required=False,
        help_text="We will only use this to contact you about your application",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    applicant_phone = forms.CharField(
        label="Phone number (optional if you give an email address)",
        required=False,
        max_length=40,
        help_text="For international numbers include the country code",
        widget=TelInput(attrs={"autocomplete": "tel", "class": "govuk-input--width-20"}),
    )

    def clean_applicant_phone(self) -> str:
        phone = str(self.cleaned_data.get("applicant_phone", "")).strip()
        digits = "".join(ch for ch in phone if ch.isdigit())
        if phone and not (10 <= len(digits) <= 15 and all(ch.isdigit() or ch in " +()-" for ch in phone)):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("applicant_email") and not data.get("applicant_phone") and not self.errors:
            self.add_error("applicant_email", "Enter an email address or a phone number so we can reply")
        return data


class WhereForm(GovukForm):
    address = forms.CharField(
        label="Address where the anti-social behaviour is happening",
        max_length=300,
        help_text="Usually your home address: house number or name and street",
        error_messages={"required": "Enter the address where the anti-social behaviour is happening"},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    town = forms.CharField(
        label="Town or city (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2", "class": "govuk-!-width-two-thirds"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )
    district = forms.ModelChoiceField(
        label="Which council area is this in?",
        queryset=District.objects.only("id", "code", "name"),
        empty_label="Choose a council area",
        error_messages={"required": "Choose the council area"},
    )

    def clean_postcode(self) -> str:
        return _postcode(str(self.cleaned_data.get("postcode", "")))


class BehaviourForm(GovukForm):
    behaviour = forms.CharField(
        label="What has been happening?",
        max_length=TEXT_LIMIT,
        help_text=(
            "Describe the anti-social behaviour: what happens, how often, and who is involved if you know"
        ),
        error_messages={"required": "Describe the anti-social behaviour"},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    effect = forms.CharField(
        label="How is it affecting you or the victim?",
        max_length=TEXT_LIMIT,
        help_text="For example, on health, sleep, work, or feeling safe at home",
        error_messages={"required": "Describe how the behaviour is affecting you or the victim"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    hate_motivated = forms.ChoiceField(
        label="Do you think the behaviour is motivated by hate?",
        choices=Application.Hate.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Hostility because of someone's disability, race, religion, sexual orientation or "
            "transgender identity"
        ),
        error_messages={"required": "Select whether you think the behaviour is motivated by hate"},
    )


class ComplaintForm(GovukForm):
    behaviour_on = GovukDateField(
        label="When did the behaviour you complained about happen?",
        noun="the date of the behaviour",
        help_text="For example, 27 3 2025. If it went on for several days, give the last one",
    )
    made_on = GovukDateField(
        label="When did you make the complaint?",
        noun="the date you complained",
        help_text="For example, 28 3 2025",
    )
    made_to = forms.ChoiceField(
        label="Who did you complain to?",
        choices=Complaint.MadeTo.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you complained to"},
    )
    made_to_other = forms.CharField(
        label="If you complained to someone else, who was it?",
        required=False,
        max_length=100,
        help_text="For example, your MP, a landlord or a school",
    )
    their_reference = forms.CharField(
        label="Reference number you were given (optional)",
        required=False,
        max_length=50,
        help_text="For example, a police log or crime number",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("made_to") == Complaint.MadeTo.OTHER and not data.get("made_to_other", "").strip():
            self.add_error("made_to_other", "Enter who you complained to")
        made, behaviour = data.get("made_on"), data.get("behaviour_on")
        if made and behaviour and made < behaviour:
            self.add_error(
                "made_on", "The date you complained must be the same as or after the date of the behaviour"
            )
        return data


class AddAnotherForm(GovukForm):
    add_another = forms.ChoiceField(
        label="Do you need to add another complaint?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Select yes if you need to add another complaint"},
    )


class DeclarationForm(GovukForm):
    confirm = forms.BooleanField(
        label="I confirm that the information I have given is true to the best of my knowledge",
        error_messages={"required": "Confirm that the information you have given is true"},
    )


# --- the public appeal --------------------------------------------------------------------------------------
class AppealForm(GovukForm):
    GROUNDS = [
        ("threshold", "The threshold was wrongly refused"),
        ("evidence", "Relevant policy or evidence was ignored"),
        ("outcome", "I am unhappy with the outcome of the review"),
    ]

    reference = forms.CharField(
        label="Application reference number",
        max_length=20,
        help_text="It starts ACR, for example ACR-7K3M-Q9TX",
        error_messages={"required": "Enter your application reference number"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    postcode = forms.CharField(
        label="Postcode of the address in the application",
        max_length=10,
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )
    grounds = forms.MultipleChoiceField(
        label="Why are you appealing?",
        choices=GROUNDS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select why you are appealing"},
    )
    explanation = forms.CharField(
        label="Tell us what went wrong",
        max_length=TEXT_LIMIT,
        help_text=(
            "Say which evidence or policy was not considered, or why the threshold should have been met"
        ),
        error_messages={"required": "Tell us what went wrong"},
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_postcode(self) -> str:
        return _postcode(str(self.cleaned_data.get("postcode", "")))

    def clean_grounds(self) -> list[str]:
        grounds: list[str] = self.cleaned_data.get("grounds", [])
        if grounds == ["outcome"]:
            raise forms.ValidationError(
                "An appeal can only be made if the threshold was wrongly refused, or relevant policy or "
                "evidence was ignored. Being unhappy with the outcome alone is not a ground for appeal"
            )
        return grounds


# --- staff --------------------------------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *Application.Status.choices], required=False)
    district = forms.ModelChoiceField(
        queryset=District.objects.only("id", "code", "name"), required=False, empty_label="All districts"
    )
    received_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    received_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ThresholdDecisionForm(forms.Form):
    met = forms.TypedChoiceField(
        label="Is the threshold met?",
        choices=[("yes", "Met"), ("no", "Not met")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    rule = forms.CharField(label="Rule it is met on", required=False, max_length=100)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT)


class LinkForm(forms.Form):
    other = forms.CharField(label="Reference of an application about the same problem", max_length=20)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date held", widget=forms.DateInput(attrs={"type": "date"}))
    agencies = forms.CharField(label="Organisations that took part", max_length=300)
    summary = forms.CharField(
        label="What the review found", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )
    owner = forms.ModelChoiceField(label="Owner organisation", queryset=Organisation.objects.all())
    due_on = forms.DateField(label="Due by", widget=forms.DateInput(attrs={"type": "date"}))


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome for the letter", widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_LIMIT
    )


class AppealDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="Decision",
        choices=[("yes", "Upheld"), ("no", "Not upheld")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    review_summary = forms.CharField(
        label="The PCC's review of the case", widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )
    reason = forms.CharField(
        label="Reason for the decision", widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )
