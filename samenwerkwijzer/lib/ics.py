"""Calendar invitations (RFC 5545) with the icalendar library."""

from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText


def meeting_invite(
    *,
    uid: str,
    sequence: int,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    description: str,
    organiser_email: str,
    attendees: list[str],
    stamp: datetime,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samenwerkwijzer//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid)
    # A higher sequence tells calendars that this replaces an earlier invitation.
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", title)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    organiser = vCalAddress(f"mailto:{organiser_email}")
    organiser.params["cn"] = vText("Samenwerkwijzer")
    event["organizer"] = organiser
    for email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
