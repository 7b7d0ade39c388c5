"""The shapes of the network API's answers (networks/api.py), each field documented for the OpenAPI schema."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema


class OrganisationRefOut(Schema):
    id: int = Field(description="The organisation's id")
    name: str = Field(description="The organisation's name")


class MemberRefOut(Schema):
    member_id: int = Field(description="The membership's id in the network")
    organisation: OrganisationRefOut = Field(description="The member organisation")


class ExpertiseOut(Schema):
    id: int = Field(description="The expertise's id")
    name: str = Field(description="The expertise, from the network's own list")
    description: str = Field(description="What it covers; empty if not described")
    member_count: int = Field(description="How many active members have it")


class NetworkOut(Schema):
    id: int = Field(description="The network's id")
    name: str = Field(description="The network's name")
    description: str = Field(description="What the network is about")
    acting_for: OrganisationRefOut = Field(description="The caller's organisation that the answer is for")
    role: Literal["coordinator", "member"] = Field(description="That organisation's role: coordinator or member")
    role_label: str = Field(description="The role in words")
    member_count: int = Field(description="How many active members the network has")


class NetworkDetailOut(NetworkOut):
    coordinators: list[OrganisationRefOut] = Field(description="The coordinating organisations")
    expertises: list[ExpertiseOut] = Field(description="The network's controlled list of expertises")


class AvailabilityOut(Schema):
    kind: Literal["available", "busy"] = Field(description="available or busy")
    kind_label: str = Field(description="The kind in words")
    starts_on: date = Field(description="First day of the period")
    ends_on: date = Field(description="Last day of the period")
    days_per_week: int = Field(description="For an available period: how many days a week (1-5)")
    note: str = Field(description="The member's note; empty if none")


class TrackRecordOut(Schema):
    assignments: int = Field(description="Assignments agreed or done in which the member said yes")
    days: int = Field(description="Days the member had on those teams")
    evaluations: int = Field(description="Revealed, submitted grades about those assignments")
    average_grade: Decimal | None = Field(description="Their average (1-10, one decimal); null when there is none")
    since: date | None = Field(description="Start of the first such assignment; null when there is none")


class MemberOut(Schema):
    id: int = Field(description="The membership's id")
    organisation: OrganisationRefOut = Field(description="The member organisation")
    role: Literal["coordinator", "member"] = Field(description="coordinator or member")
    role_label: str = Field(description="The role in words")
    expertises: list[str] = Field(description="The member's expertises, from the network's list")
    sbi_codes: list[str] = Field(description="The member's SBI codes")
    day_rate: Decimal | None = Field(description="Day rate in euros, excluding VAT; null when a rate band is given")
    rate_band: Literal["low", "middle", "high", ""] = Field(description="low, middle or high; empty with a day rate")
    rate_band_label: str = Field(description="The rate band in words; empty without one")
    home_pc4: str = Field(description="Postcode area (4 digits) the member works from; empty if not given")
    home_place: str = Field(description="The place of that postcode area; empty if unknown")
    joined_at: datetime = Field(description="When the organisation joined the network")
    availability: list[AvailabilityOut] = Field(
        description="Current and future periods; none means available on every working day"
    )
    track_record: TrackRecordOut = Field(description="The member's visible track record in the network")


class AssignmentQuery(Schema):
    status: Literal["draft", "forming", "team_complete", "agreed", "done", "cancelled"] | None = Field(
        None, description="Only assignments with this status"
    )


class AssignmentOut(Schema):
    id: int = Field(description="The assignment's id")
    title: str = Field(description="The assignment's title")
    client: str = Field(description="The client, as the bringer wrote it")
    status: Literal["draft", "forming", "team_complete", "agreed", "done", "cancelled"] = Field(
        description="draft, forming, team_complete, agreed, done or cancelled"
    )
    status_label: str = Field(description="The status in words")
    brought_in_by: MemberRefOut = Field(description="The member who brought it in (the aanbrenger)")
    starts_on: date = Field(description="Start of the period")
    ends_on: date = Field(description="End of the period")
    location_pc4: str = Field(description="Postcode area of the work; empty if not given")
    budget: Decimal | None = Field(description="Budget in euros; null if not given")


class NeedOut(Schema):
    id: int = Field(description="The need's id")
    expertise: str = Field(description="The expertise needed")
    expertise_id: int = Field(description="Its id")
    days: int = Field(description="The person-days needed in the period")


class RoleOut(Schema):
    expertise: str = Field(description="The expertise this member fills")
    days: int = Field(description="The days they fill it for")


class TeamMemberOut(MemberRefOut):
    status: Literal["proposed", "invited", "accepted", "declined", "withdrawn"] = Field(
        description="proposed, invited, accepted (said yes), declined (said no) or withdrawn"
    )
    status_label: str = Field(description="The status in words")
    proposal_number: int = Field(description="The proposal the invitation came from")
    reason: str = Field(description="Why the app proposed this member")
    roles: list[RoleOut] = Field(description="The roles (expertise and days) they would fill")
    invited_at: datetime | None = Field(description="When invited; null while only proposed")
    responded_at: datetime | None = Field(description="When they said yes or no")
    response_note: str = Field(
        description="Their reason with a yes or no: shown to the member themselves, the bringer and the "
        "coordinator; empty for others"
    )


class ApprovalOut(MemberRefOut):
    version: int = Field(description="The version of the agreement approved")
    approved_at: datetime = Field(description="When it was approved")


class AgreementOut(Schema):
    lead_member: MemberRefOut | None = Field(description="The penvoerder: leads for the client")
    client_contact: MemberRefOut | None = Field(description="The contact for the client")
    income_split: str = Field(description="How the income is divided")
    other_terms: str = Field(description="Other arrangements")
    terms: dict = Field(description="The terms as approved: roles, rates, days")
    version: int = Field(description="The current version; a change asks every member again")
    approvals: list[ApprovalOut] = Field(description="Approvals of the current version")


class AssignmentDetailOut(AssignmentOut):
    description: str = Field(description="What the client asks")
    objective: Literal["fewest_people", "lowest_cost", "nearest"] = Field(
        description="What matters most when proposing the team"
    )
    objective_label: str = Field(description="The objective in words")
    max_km: int | None = Field(description="Wish: maximum distance in km; null if none")
    max_people: int | None = Field(description="Wish: at most this many people; null if none")
    include_bringer: bool = Field(description="Wish: the bringer takes part")
    needs: list[NeedOut] = Field(description="The required expertises with their person-days")
    proposal_number: int = Field(description="How many proposals were made; 0 for none yet")
    proposal: dict = Field(
        description="The current proposal as the assignment page shows it (members, roles, reasons, "
        "replacements, optimal or fallback); empty when none was made"
    )
    team: list[TeamMemberOut] = Field(description="Everyone proposed or invited, with their status")
    agreement: AgreementOut | None = Field(description="The team's light agreement; null until there is one")
    evaluation_revealed_at: datetime | None = Field(description="When the evaluations were revealed")
    collaboration_id: int | None = Field(description="The collaboration the team became, if it did")


class StatementOut(Schema):
    key: str = Field(description="The statement's key in ``answers``")
    text: str = Field(description="The statement, in the caller's language")


class EvaluationOut(MemberRefOut):
    answers: dict[str, int] = Field(description="Per statement key, how far it holds (1-5)")
    grade: int | None = Field(description="The grade (1-10); null if not given yet")
    remarks: str = Field(description="Remarks")
    submitted_at: datetime | None = Field(description="When submitted; null while still a draft (own only)")


class EvaluationsOut(Schema):
    revealed: bool = Field(description="Whether the evaluations are revealed (before: only your own)")
    revealed_at: datetime | None = Field(description="When they were revealed")
    statements: list[StatementOut] = Field(description="The statements, in order")
    evaluations: list[EvaluationOut] = Field(
        description="Before the reveal only your own organisation's; after it every submitted one"
    )
