namespace Modular.Simulators.HubSpot;

/// <summary>
/// A CRM object type: its names in paths (<c>contacts</c>, <c>contact</c>, <c>0-1</c>), its scopes, and the fixed
/// list of properties it knows (HubSpot refuses others with PROPERTY_DOESNT_EXIST).
/// </summary>
internal sealed record CrmType(
    string Name,
    string Singular,
    string TypeId,
    string ReadScope,
    string WriteScope,
    string LastModifiedProperty,
    IReadOnlyList<string> DefaultProperties,
    IReadOnlyList<string> SearchableProperties,
    IReadOnlySet<string> Writable)
{
    /// <summary>What HubSpot sets itself; a request may read and filter on them, not write them.</summary>
    public IReadOnlyList<string> SystemProperties => ["createdate", LastModifiedProperty, "hs_object_id"];

    public bool Knows(string property) => Writable.Contains(property) || SystemProperties.Contains(property);

    public static readonly CrmType Contacts = new("contacts", "contact", "0-1", "crm.objects.contacts.read", "crm.objects.contacts.write", "lastmodifieddate",
        ["firstname", "lastname", "email"],
        ["firstname", "lastname", "email", "phone", "mobilephone", "company"],
        new HashSet<string>(StringComparer.Ordinal)
        {
            "firstname", "lastname", "email", "phone", "mobilephone", "company", "website", "jobtitle", "lifecyclestage", "hs_lead_status",
            "address", "city", "state", "zip", "country", "hubspot_owner_id", "industry",
        });

    public static readonly CrmType Companies = new("companies", "company", "0-2", "crm.objects.companies.read", "crm.objects.companies.write", "hs_lastmodifieddate",
        ["name", "domain"],
        ["name", "domain", "website", "phone"],
        new HashSet<string>(StringComparer.Ordinal)
        {
            "name", "domain", "website", "phone", "industry", "description", "numberofemployees", "annualrevenue", "address", "city", "state", "zip",
            "country", "lifecyclestage", "hubspot_owner_id", "type",
        });

    public static readonly CrmType Deals = new("deals", "deal", "0-3", "crm.objects.deals.read", "crm.objects.deals.write", "hs_lastmodifieddate",
        ["dealname", "amount", "dealstage", "pipeline", "closedate"],
        ["dealname", "pipeline", "dealstage", "description", "dealtype"],
        new HashSet<string>(StringComparer.Ordinal)
        {
            "dealname", "amount", "dealstage", "pipeline", "closedate", "dealtype", "description", "hubspot_owner_id", "hs_priority",
        });

    public static readonly IReadOnlyList<CrmType> All = [Contacts, Companies, Deals];

    /// <summary>The type a path names, by plural, singular or objectTypeId (HubSpot takes all three).</summary>
    public static CrmType? Find(string name) =>
        All.FirstOrDefault(type => name.Equals(type.Name, StringComparison.OrdinalIgnoreCase)
            || name.Equals(type.Singular, StringComparison.OrdinalIgnoreCase) || name == type.TypeId);

    /// <summary>Properties that hold instants: filters on them take epoch milliseconds or ISO 8601.</summary>
    public static bool IsDate(string property) => property is "createdate" or "lastmodifieddate" or "hs_lastmodifieddate" or "closedate";
}

/// <summary>
/// HubSpot-defined association types between the three objects (typeId, its inverse, and v3's name for it).
/// </summary>
internal static class AssociationTypes
{
    private sealed record Definition(CrmType From, CrmType To, int TypeId, int Inverse, string Name, string? Label, bool IsDefault);

    private static readonly Definition[] Definitions =
    [
        new(CrmType.Contacts, CrmType.Companies, 279, 280, "contact_to_company_unlabeled", null, IsDefault: true),
        new(CrmType.Contacts, CrmType.Companies, 1, 2, "contact_to_company", "Primary", IsDefault: false),
        new(CrmType.Companies, CrmType.Contacts, 280, 279, "company_to_contact_unlabeled", null, IsDefault: true),
        new(CrmType.Companies, CrmType.Contacts, 2, 1, "company_to_contact", "Primary", IsDefault: false),
        new(CrmType.Deals, CrmType.Contacts, 3, 4, "deal_to_contact", null, IsDefault: true),
        new(CrmType.Contacts, CrmType.Deals, 4, 3, "contact_to_deal", null, IsDefault: true),
        new(CrmType.Deals, CrmType.Companies, 341, 342, "deal_to_company_unlabeled", null, IsDefault: true),
        new(CrmType.Deals, CrmType.Companies, 5, 6, "deal_to_company", "Primary", IsDefault: false),
        new(CrmType.Companies, CrmType.Deals, 342, 341, "company_to_deal_unlabeled", null, IsDefault: true),
        new(CrmType.Companies, CrmType.Deals, 6, 5, "company_to_deal", "Primary", IsDefault: false),
    ];

    public static int? Default(CrmType from, CrmType to) => Definitions.FirstOrDefault(d => d.From == from && d.To == to && d.IsDefault)?.TypeId;

    public static int? Inverse(CrmType from, CrmType to, int typeId) => Definitions.FirstOrDefault(d => d.From == from && d.To == to && d.TypeId == typeId)?.Inverse;

    public static CrmType? Target(CrmType from, int typeId) => Definitions.FirstOrDefault(d => d.From == from && d.TypeId == typeId)?.To;

    /// <summary>A v3 association type: its name (<c>contact_to_company</c>) or its numeric id.</summary>
    public static int? Parse(CrmType from, CrmType to, string value) =>
        Definitions.FirstOrDefault(d => d.From == from && d.To == to
            && (d.Name.Equals(value, StringComparison.OrdinalIgnoreCase) || d.TypeId.ToString(System.Globalization.CultureInfo.InvariantCulture) == value))?.TypeId;

    public static string Name(CrmType from, CrmType to, int typeId) => Definitions.FirstOrDefault(d => d.From == from && d.To == to && d.TypeId == typeId)?.Name ?? typeId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string? Label(CrmType from, CrmType to, int typeId) => Definitions.FirstOrDefault(d => d.From == from && d.To == to && d.TypeId == typeId)?.Label;
}
