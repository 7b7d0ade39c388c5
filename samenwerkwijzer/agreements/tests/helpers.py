"""Form data for posting sections, as a browser would send it."""

from django.urls import reverse


def url(personas, name, *args, kind="agreement"):
    return reverse(f"agreements:{name}", args=[personas.collaboration.pk, kind, *args])


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def goals_post(base, *, purpose="Samen meer verkopen in de regio.", goals=()):
    data = {"base_version": str(base), "purpose": purpose, "activities": "", **management("items", len(goals))}
    for i, goal in enumerate(goals):
        for key, value in goal.items():
            data[f"items-{i}-{key}"] = value
    return data


def shares_post(base, personas, costs=("60", "40"), revenue=("50", "50")):
    data = {"base_version": str(base), **management("parties", 2, 2)}
    for i, (organisation, cost, rev) in enumerate(zip((personas.alpha, personas.beta), costs, revenue, strict=True)):
        data[f"parties-{i}-organisation_id"] = str(organisation.pk)
        data[f"parties-{i}-cost_share"] = cost
        data[f"parties-{i}-revenue_share"] = rev
    return data


def parties_post(base, personas, addresses=("Straat 1, 1234 AB Plaats", "Weg 2, 5678 CD Dorp")):
    data = {"base_version": str(base), **management("parties", 2, 2)}
    for i, (organisation, address) in enumerate(zip((personas.alpha, personas.beta), addresses, strict=True)):
        data[f"parties-{i}-organisation_id"] = str(organisation.pk)
        data[f"parties-{i}-address"] = address
        data[f"parties-{i}-signatory_name"] = "Iemand"
        data[f"parties-{i}-signatory_role"] = ""
    return data
