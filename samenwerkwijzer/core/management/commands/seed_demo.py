"""Demo data for trying the app and for automated checks.

Idempotent: running it again changes nothing that exists. ``--json`` prints the
logins, the collaborations and the secrets (texts only the listed users may see)
in the shape other tools rely on.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from samenwerkwijzer.agreements.demo import seed_agreements_demo
from samenwerkwijzer.collaborations import services as collaboration_services
from samenwerkwijzer.collaborations.access import collaborations_for_user, get_collaboration_for_user
from samenwerkwijzer.collaborations.models import Collaboration, Invitation, Observer, Participant, Phase
from samenwerkwijzer.directory.demo import seed_directory_demo
from samenwerkwijzer.instruments.demo import seed_instruments_demo
from samenwerkwijzer.networks.demo import demo_summary, seed_networks_demo
from samenwerkwijzer.organisations.models import Membership, Organisation
from samenwerkwijzer.workspace.demo import seed_workspace_demo

DEMO_PASSWORD = "Samenwerken-2026!"  # noqa: S105 - published in the README on purpose

# KvK numbers are fictitious companies of the KvK test environment. "verification" is how the
# organisation is verified, (method, eHerkenning assurance level), or None: Bouwadvies Jansen is not
# verified, so it cannot be findable in the directory or sign in the company's name.
ORGANISATION_FIELDS = ["name", "kvk_number", "legal_form", "sbi_codes", "size_class", "pc4", "website", "description"]
DEMO_BROKER = "https://eherkenning.demo.invalid"  # the demo's eHerkenning logins name no real broker

ORGANISATIONS = [
    {
        "name": "Bakkerij Van der Molen",
        "verification": ("eherkenning", "EH3"),
        "kvk_number": "68750110",
        "legal_form": "41",
        "sbi_codes": ["10710", "47241"],
        "size_class": "10-19",
        "pc4": "3621",
        "website": "https://bakkerij-vandermolen.example.nl",
        "description": "Ambachtelijke bakkerij in Breukelen met twee winkels en levering aan horeca in de Vechtstreek.",
    },
    {
        "name": "Transportbedrijf De Vries",
        "verification": ("eherkenning", "EH3"),
        "kvk_number": "69599076",
        "legal_form": "11",
        "sbi_codes": ["49410"],
        "size_class": "5-9",
        "pc4": "3441",
        "website": "https://devries-transport.example.nl",
        "description": "Gekoeld goederenvervoer over de weg in de regio Utrecht, met vijf bestelwagens.",
    },
    {
        "name": "Bouwadvies Jansen",
        "verification": None,
        "kvk_number": "69599084",
        "legal_form": "01",
        "sbi_codes": ["71120"],
        "size_class": "1",
        "pc4": "5611",
        "website": "",
        "description": "Zelfstandig bouwkundig adviseur in Eindhoven: verduurzaming en renovatie van bedrijfspanden.",
    },
    {
        "name": "Stichting Buurtwerk Maarssen",
        "verification": ("extract", ""),
        "kvk_number": "69599068",
        "legal_form": "74",
        "sbi_codes": ["8899"],
        "size_class": "2-4",
        "pc4": "3601",
        "website": "",
        "description": "",
    },
]

USERS = [
    # email, full name, [(organisation, role, basis of the signing authority: "" when not a signatory)]
    # alice and bob verified their organisations with eHerkenning, which makes them signatories on
    # that basis; charlie is a signatory on his own organisation's word only.
    ("alice@example.org", "Alice de Boer", [("Bakkerij Van der Molen", "admin", "eherkenning")]),
    ("bob@example.org", "Bob de Vries", [("Transportbedrijf De Vries", "admin", "eherkenning")]),
    ("charlie@example.org", "Charlie Jansen", [("Bouwadvies Jansen", "admin", "self")]),
    ("dana@example.org", "Dana Peters", [("Stichting Buurtwerk Maarssen", "admin", "")]),
    ("olga@example.org", "Olga Meijer (adviseur)", []),
]

COLLABORATIONS = [
    {
        "name": "Broodroute Vechtstreek",
        "lead": "Bakkerij Van der Molen",
        "partners": ["Transportbedrijf De Vries"],
        "observers": ["olga@example.org"],
        "purpose": (
            "Samen vers brood elke ochtend vóór 7 uur bij horeca en zorginstellingen in de Vechtstreek bezorgen."
        ),
        "ambition_level": "tactical",
        "duration_kind": "structural",
        "phase": Phase.FIND_PARTNER,
    },
    {
        "name": "Ketenlab Kempenbouw",
        "lead": "Bouwadvies Jansen",
        "partners": ["Bakkerij Van der Molen"],
        "observers": [],
        "purpose": "Een verduurzamingsplan voor de bakkerij als proefproject voor energiezuinige bedrijfspanden.",
        "ambition_level": "operational",
        "duration_kind": "project",
        "phase": Phase.EXPLORE,
    },
]


class Command(BaseCommand):
    help = "Create demo organisations, users and collaborations (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the demo logins and data as JSON.")

    def handle(self, *args, **options):
        # Demo invitations are accepted on the spot; nobody needs their e-mail.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            users = self._seed()
            secrets = self._seed_running_collaboration(users)
        document = self._document(users)
        document["secrets"] = secrets
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo logins (password for all: {DEMO_PASSWORD}):"))
        for entry in document["users"]:
            visible = ", ".join(entry["collaborations"]) or "-"
            self.stdout.write(
                f"  {entry['email']:<22} organisations: {', '.join(entry['organisations']) or '-'}; sees: {visible}"
            )
        for entry in document["organisations"]:
            self.stdout.write(
                f"  {entry['name']} ({entry['kvk_number']}): {'' if entry['verified'] else 'not '}verified"
            )

    def _seed(self):
        User = get_user_model()
        organisations = {}
        for data in ORGANISATIONS:
            # A KvK number is unique among verified organisations only: prefer the verified one, then the first.
            organisation = (
                Organisation.objects.filter(kvk_number=data["kvk_number"])
                .order_by("-verification_status", "pk")
                .first()
            )
            if organisation is None:
                organisation = Organisation.objects.create(**{field: data[field] for field in ORGANISATION_FIELDS})
            organisations[data["name"]] = organisation
        self.organisations = organisations
        users = {}
        for email, full_name, memberships in USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
            self._verify_email(user)
            users[email] = user
            for organisation_name, role, basis in memberships:
                Membership.objects.get_or_create(
                    user=user,
                    organisation=organisations[organisation_name],
                    defaults={
                        "role": role,
                        "is_authorised_signatory": bool(basis),
                        # Until the eHerkenning login below, a signatory rests on the organisation's own word.
                        "signatory_basis": Membership.SignatoryBasis.SELF if basis else "",
                    },
                )
        self._seed_verification(organisations, users)
        for data in COLLABORATIONS:
            if Collaboration.objects.filter(name=data["name"]).exists():
                continue
            lead_organisation = organisations[data["lead"]]
            lead_user = next(
                u
                for e, u in users.items()
                if Membership.objects.filter(user=u, organisation=lead_organisation).exists()
            )
            collaboration = collaboration_services.collaboration_create(
                user=lead_user,
                organisation=lead_organisation,
                name=data["name"],
                purpose=data["purpose"],
                ambition_level=data["ambition_level"],
                duration_kind=data["duration_kind"],
                planned_end_date=None,
            )
            access = get_collaboration_for_user(lead_user, collaboration.pk, lead=True)
            for partner_name in data["partners"]:
                partner = organisations[partner_name]
                member = Membership.objects.filter(organisation=partner).select_related("user").first()
                _invitation, token = collaboration_services.invitation_create(
                    access=access,
                    email=member.user.email,
                    kind=Invitation.Kind.PARTICIPANT,
                    base_url="http://127.0.0.1:8000",
                )
                collaboration_services.invitation_accept(token=token, user=member.user, organisation=partner)
            for email in data["observers"]:
                _invitation, token = collaboration_services.invitation_create(
                    access=access, email=email, kind=Invitation.Kind.OBSERVER, base_url="http://127.0.0.1:8000"
                )
                collaboration_services.invitation_accept(token=token, user=users[email])
            collaboration_services.collaboration_update(access=access, changes={"phase": data["phase"]})
        return users

    @staticmethod
    def _seed_verification(organisations, users) -> None:
        """Verify the demo organisations as the verification app does: Bakkerij Van der Molen and
        Transportbedrijf De Vries by an eHerkenning login of their administrator (which records the
        login and makes the administrator a signatory "gemachtigd via eHerkenning"), Stichting
        Buurtwerk Maarssen by a reviewed extract. Already verified organisations are left alone."""
        from samenwerkwijzer.organisations.services import organisation_verify
        from samenwerkwijzer.verification.services_eherkenning import eherkenning_login_record

        for data in ORGANISATIONS:
            organisation = organisations[data["name"]]
            if data["verification"] is None or organisation.is_verified:
                continue
            method, level = data["verification"]
            if method == Organisation.VerificationMethod.EHERKENNING:
                admin = next(
                    Membership.objects.get(user=users[email], organisation=organisation)
                    for email, _name, memberships in USERS
                    for organisation_name, _role, basis in memberships
                    if organisation_name == organisation.name and basis == Membership.SignatoryBasis.EHERKENNING
                )
                eherkenning_login_record(
                    membership=admin,
                    kvk_number=organisation.kvk_number,
                    assurance_level=level,
                    level_value="urn:etoegang:core:assurance-class:loa3",
                    issuer=DEMO_BROKER,
                    subject=f"demo-{organisation.kvk_number}-{admin.user_id}",
                    min_level=level,
                )
            else:
                organisation_verify(organisation=organisation, method=method, assurance_level=level)
            organisation.refresh_from_db()

    @staticmethod
    def _seed_running_collaboration(users) -> list[dict]:
        """Instruments, agreement, work plan, meetings and partner search for "Broodroute Vechtstreek";
        returns the secrets."""
        collaboration = Collaboration.objects.get(name="Broodroute Vechtstreek")
        alice, bob = users["alice@example.org"], users["bob@example.org"]
        secrets = seed_instruments_demo(collaboration=collaboration, lead_user=alice, partner_user=bob)
        seed_agreements_demo(
            collaboration=collaboration,
            signers=[
                (alice, Organisation.objects.get(kvk_number="68750110")),
                (bob, Organisation.objects.get(kvk_number="69599076")),
            ],
        )
        seed_workspace_demo(
            collaboration=collaboration,
            lead_user=alice,
            partner_user=bob,
            partner_organisation=Organisation.objects.get(kvk_number="69599076"),
        )
        seed_directory_demo(collaboration=collaboration, lead_user=alice)
        seed_networks_demo(
            coordinator_organisation=Organisation.objects.get(kvk_number="68750110", verification_status="verified"),
            coordinator_user=alice,
            member_organisation=Organisation.objects.get(kvk_number="69599076", verification_status="verified"),
            member_user=bob,
        )
        return secrets

    @staticmethod
    def _verify_email(user):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})

    def _document(self, users):
        entries = []
        for email, user in users.items():
            entries.append(
                {
                    "email": email,
                    "password": DEMO_PASSWORD,
                    "organisations": list(
                        Membership.objects.filter(user=user)
                        .order_by("organisation__name")
                        .values_list("organisation__name", flat=True)
                    ),
                    "collaborations": list(
                        collaborations_for_user(user).order_by("name").values_list("name", flat=True)
                    ),
                }
            )
        collaborations = [
            {
                "name": collaboration.name,
                "participants": list(
                    Participant.objects.filter(collaboration=collaboration).values_list("organisation__name", flat=True)
                ),
                "observers": list(
                    Observer.objects.filter(collaboration=collaboration).values_list("user__email", flat=True)
                ),
            }
            for collaboration in Collaboration.objects.filter(name__in=[c["name"] for c in COLLABORATIONS]).order_by(
                "name"
            )
        ]
        organisations = [
            {"name": organisation.name, "kvk_number": organisation.kvk_number, "verified": organisation.is_verified}
            for organisation in Organisation.objects.filter(
                pk__in=[self.organisations[data["name"]].pk for data in ORGANISATIONS]
            ).order_by("name")
        ]
        return {
            "users": entries,
            "collaborations": collaborations,
            "secrets": [],
            "organisations": organisations,
            "networks": demo_summary(),
        }
