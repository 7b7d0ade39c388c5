from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.models import Collaboration
from samenwerkwijzer.organisations.models import Organisation, SizeClass

from . import matching

CATEGORY_LABELS = {
    "vakkennis": _("Expertise and know-how"),
    "personeel": _("Staff"),
    "markttoegang": _("Access to specific markets"),
    "netwerk": _("Network"),
    "productontwikkeling": _("Product development"),
    "productiemiddelen": _("Means of production"),
    "logistiek": _("Logistics"),
    "financien": _("Finance"),
}
CATEGORY_CHOICES = [(slug, CATEGORY_LABELS[slug]) for slug in matching.CATEGORIES]

CHAIN_LABELS = {
    "toeleverancier": _("supplier"),
    "producent": _("producer"),
    "groothandel": _("wholesaler"),
    "detailhandel": _("retailer"),
    "dienstverlener": _("service provider"),
}
CHAIN_CHOICES = [(slug, CHAIN_LABELS[slug]) for slug in matching.CHAIN_POSITIONS]
SIZE_CHOICES = SizeClass.choices


class DirectoryEntry(models.Model):
    """One findable organisation: an imported record or a platform organisation that opted in.

    Only what the search needs, in compact form: size class and chain position as small
    integers (indexes into ``matching.SIZE_CLASSES`` / ``CHAIN_POSITIONS``), offers and needs
    as one integer (``matching.pair_of``). SBI codes and specialisms are repeated in child
    tables for indexed look-ups.
    """

    class Source(models.TextChoices):
        IMPORT = "import", _("imported")
        PLATFORM = "platform", _("on Samenwerkwijzer")

    kvk_number = models.CharField(_("KvK number"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sbi_codes = models.CharField(_("SBI codes"), max_length=200)  # ";"-separated, as imported
    size_class = models.PositiveSmallIntegerField(_("size class"))
    pc4 = models.CharField(_("postcode area"), max_length=4)
    chain = models.PositiveSmallIntegerField(_("position in the chain"))
    mask_pair = models.PositiveIntegerField(_("offers and needs"))
    specialisms = models.CharField(_("specialisms"), max_length=500, blank=True)  # ";"-separated, normalised
    trade_names = models.CharField(_("trade names"), max_length=1000, blank=True)  # ";"-separated, as imported
    # The words of the name and trade names as the name search compares them (``names.search_text``);
    # kept in step by ``save`` and by the import, indexed by the database's trigram index (``name_index``).
    name_search = models.TextField(blank=True, default="")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.IMPORT)
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="directory_entry"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The time of the last KVK change applied to this record (``import_directory --changes``); an
    # older change is skipped, so applying a change file twice changes nothing the second time.
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")
        indexes = [
            # Geo blocks: postcode areas in distance order, checked against offers/needs,
            # size and chain without touching the table.
            models.Index(fields=["pc4", "mask_pair", "size_class", "chain", "id"], name="directory_geo_block"),
            # Searches for the rarer (larger) size classes start here.
            models.Index(fields=["size_class", "chain", "mask_pair", "pc4", "id"], name="directory_size_block"),
            # Rare offers/needs combinations are read whole: ``mask_pair IN (...)``.
            models.Index(fields=["mask_pair", "size_class", "chain", "pc4", "id"], name="directory_mask_block"),
        ]

    def __str__(self):
        return f"{self.name} ({self.kvk_number})"

    def save(self, *args, **kwargs):
        from . import name_index, names

        self.name_search = names.search_text(self.name, self.trade_name_list)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"name", "trade_names"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "name_search"}
        super().save(*args, **kwargs)
        name_index.remember_words([self.name_search])

    @property
    def sbi_list(self) -> list[str]:
        return [code for code in self.sbi_codes.split(";") if code]

    @property
    def specialism_list(self) -> list[str]:
        return [tag for tag in self.specialisms.split(";") if tag]

    @property
    def trade_name_list(self) -> list[str]:
        return [name for name in self.trade_names.split(";") if name]

    @property
    def offers(self) -> list[str]:
        return matching.slugs_of(matching.split_pair(self.mask_pair)[0])

    @property
    def needs(self) -> list[str]:
        return matching.slugs_of(matching.split_pair(self.mask_pair)[1])

    @property
    def size_label(self) -> str:
        return matching.SIZE_CLASSES[self.size_class]

    @property
    def chain_slug(self) -> str:
        return matching.CHAIN_POSITIONS[self.chain]

    @property
    def chain_label(self) -> str:
        return CHAIN_LABELS[self.chain_slug]


class DirectoryNameWord(models.Model):
    """Every word that occurs in an entry's ``name_search``: the dictionary in which a query word
    with a typo finds the words it may have meant (``name_index.typo_words``). Words of entries
    that were removed may stay: they only widen the pre-selection, never the result."""

    word = models.CharField(max_length=200, primary_key=True)

    class Meta:
        verbose_name = _("word in company names")
        verbose_name_plural = _("words in company names")

    def __str__(self):
        return self.word


class _SearchCopy(models.Model):
    """A child row repeats the entry's search columns, so a search that starts from an SBI code or
    a specialism reads everything it needs from one covering index."""

    pc4 = models.CharField(max_length=4)
    mask_pair = models.PositiveIntegerField()
    size_class = models.PositiveSmallIntegerField()
    chain = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class DirectorySbi(_SearchCopy):
    entry = models.ForeignKey(DirectoryEntry, on_delete=models.CASCADE, related_name="sbi_rows")
    code = models.CharField(max_length=5)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "code"], name="directory_sbi_once")]
        indexes = [
            models.Index(
                fields=["code", "mask_pair", "pc4", "size_class", "chain", "entry"], name="directory_sbi_search"
            ),
            # A sector within a band of postcode areas: one short range per area.
            models.Index(fields=["pc4", "code", "mask_pair", "size_class", "chain", "entry"], name="directory_sbi_geo"),
        ]

    def __str__(self):
        return self.code


class DirectorySpecialism(_SearchCopy):
    entry = models.ForeignKey(DirectoryEntry, on_delete=models.CASCADE, related_name="specialism_rows")
    tag = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "tag"], name="directory_specialism_once")]
        indexes = [
            models.Index(
                fields=["tag", "mask_pair", "pc4", "size_class", "chain", "entry"], name="directory_tag_search"
            ),
            models.Index(fields=["pc4", "tag", "mask_pair", "size_class", "chain", "entry"], name="directory_tag_geo"),
        ]

    def __str__(self):
        return self.tag


class DirectoryStat(models.Model):
    """Row counts per value (postcode area, offers/needs pair, SBI code, ...), for planning a search.

    Recomputed after every import; the search reads them to estimate how many rows a
    filter leaves, so it can pick the cheapest way in.
    """

    kind = models.CharField(max_length=10)
    key = models.CharField(max_length=100)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="directory_stat_once")]

    def __str__(self):
        return f"{self.kind} {self.key}: {self.count}"


LISTING_CULTURE_MAX = 500  # a few sentences: it is read next to every match


class DirectoryListing(models.Model):
    """An organisation's choice to be findable, and its public profile. Off by default."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="directory_listing")
    findable = models.BooleanField(_("findable in the partner directory"), default=False)
    chain_position = models.CharField(_("position in the chain"), max_length=20, choices=CHAIN_CHOICES)
    offers = models.JSONField(_("what we offer"), default=list)
    needs = models.JSONField(_("what we look for"), default=list)
    specialisms = models.JSONField(_("specialisms"), default=list)
    culture = models.TextField(_("culture and way of working"), blank=True, max_length=LISTING_CULTURE_MAX)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self):
        return f"{self.organisation} ({'findable' if self.findable else 'not findable'})"


class PartnerProfile(models.Model):
    """The wanted-partner profile of an organisation or of a collaboration (exactly one of both)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="partner_profile"
    )
    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, null=True, blank=True, related_name="partner_profile"
    )
    sbi_codes = models.JSONField(_("sectors (SBI)"), default=list)
    specialisms = models.JSONField(_("specialisms"), default=list)
    size_classes = models.JSONField(_("size classes"), default=list)
    pc4 = models.CharField(_("from postcode area"), max_length=4, blank=True)
    max_km = models.PositiveIntegerField(_("maximum distance (km)"), null=True, blank=True)
    chain_positions = models.JSONField(_("position in the chain"), default=list)
    culture = models.TextField(_("culture and character"), blank=True, max_length=2000)
    needs = models.JSONField(_("what we need"), default=list)
    offers = models.JSONField(_("what we bring"), default=list)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, collaboration__isnull=True)
                | models.Q(organisation__isnull=True, collaboration__isnull=False),
                name="partner_profile_has_one_owner",
            )
        ]

    def __str__(self):
        return f"Wanted partner of {self.organisation or self.collaboration}"


class DirectoryDeregistration(models.Model):
    """A company the KVK reported as deregistered: its entry left the directory, this stays.

    Shortlists keep their item with a note, and a later change of the same number that is older
    than ``deregistered_at`` is skipped.
    """

    kvk_number = models.CharField(_("KvK number"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    deregistered_at = models.DateTimeField(_("deregistered at"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deregistered company")
        verbose_name_plural = _("deregistered companies")

    def __str__(self):
        return f"{self.name} ({self.kvk_number}), deregistered"


class ShortlistItem(models.Model):
    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="shortlist")
    # Empty once the company is deregistered: ``deregistration`` then says who it was and when.
    entry = models.ForeignKey(DirectoryEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    deregistration = models.ForeignKey(
        DirectoryDeregistration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "entry"], name="shortlist_once")]
        ordering = ["added_at", "id"]

    def __str__(self):
        return f"{self.entry} on {self.profile}"


class Connection(models.Model):
    """Two organisations that know each other; counts once the other side confirms."""

    class Kind(models.TextChoices):
        WORKED_TOGETHER = "worked_together", _("we have worked together")
        KNOW_EACH_OTHER = "know_each_other", _("we know each other")

    from_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_organisation", "to_organisation"], name="connection_once"),
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")), name="connection_not_self"
            ),
        ]
        indexes = [models.Index(fields=["to_organisation", "confirmed_at"], name="connection_to")]

    def __str__(self):
        return f"{self.from_organisation_id} - {self.to_organisation_id}"

    def other(self, organisation_id: int) -> Organisation:
        return self.to_organisation if self.from_organisation_id == organisation_id else self.from_organisation
