using System.Globalization;
using Modular.Simulators.OAuth;

namespace Modular.Simulators.HubSpot;

internal sealed record PipelineStage(string Id, string Label, int DisplayOrder, string Probability, bool IsClosed);

/// <summary>The default deal pipeline every portal has, with HubSpot's default stage ids.</summary>
internal static class DealPipeline
{
    public const string Id = "default";
    public const string Label = "Sales Pipeline";
    public static readonly DateTimeOffset CreatedAt = new(2024, 1, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<PipelineStage> Stages =
    [
        new("appointmentscheduled", "Appointment Scheduled", 0, "0.2", false),
        new("qualifiedtobuy", "Qualified To Buy", 1, "0.4", false),
        new("presentationscheduled", "Presentation Scheduled", 2, "0.6", false),
        new("decisionmakerboughtin", "Decision Maker Bought-In", 3, "0.8", false),
        new("contractsent", "Contract Sent", 4, "0.9", false),
        new("closedwon", "Closed Won", 5, "1.0", true),
        new("closedlost", "Closed Lost", 6, "0.0", true),
    ];
}

/// <summary>
/// What a portal holds the first time it is touched: 12 contacts at the portal's domain, 4 companies, 10 deals over
/// the default pipeline's stages and 2 owners, different for each demo portal. Ids are the portal's id and a
/// counter: in portal 1001 the contacts are 1001000001–1001000012, the companies 1001000013–16 and the deals 17–26.
/// </summary>
internal static class HubSpotDemoData
{
    private static readonly DateTimeOffset Seeded = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private sealed record Portal(
        (string First, string Last)[] Owners,
        (string First, string Last, string Title, string City)[] Contacts,
        (string Name, string Domain, string Industry, string City)[] Companies,
        string[] Deals);

    private static readonly Portal Acme = new(
        [("Ada", "Lovelace"), ("Alan", "Turing")],
        [
            ("Alice", "Johnson", "Head of Operations", "Boston"), ("Bob", "Martinez", "Purchasing Manager", "Austin"),
            ("Carol", "Nguyen", "CTO", "Seattle"), ("David", "Kim", "Sales Director", "Chicago"),
            ("Emma", "Wilson", "Office Manager", "Denver"), ("Frank", "Osei", "Engineer", "Atlanta"),
            ("Grace", "Patel", "CFO", "New York"), ("Henry", "Schmidt", "Logistics Lead", "Portland"),
            ("Isabel", "Rossi", "Marketing Manager", "Miami"), ("Jack", "O'Brien", "IT Manager", "Phoenix"),
            ("Karen", "Lopez", "COO", "San Diego"), ("Liam", "Chen", "Analyst", "San Francisco"),
        ],
        [("Initech", "initech.example", "COMPUTER_SOFTWARE", "Austin"), ("Umbrella Supplies", "umbrella.example", "WHOLESALE", "Boston"),
         ("Hooli", "hooli.example", "INTERNET", "San Francisco"), ("Stark Logistics", "stark.example", "LOGISTICS_AND_SUPPLY_CHAIN", "New York")],
        ["Initech renewal", "Umbrella onboarding", "Hooli pilot", "Stark fleet tracking", "Initech add-on seats",
         "Umbrella support plan", "Hooli enterprise", "Stark warehouse sensors", "Initech training", "Hooli analytics"]);

    private static readonly Portal Globex = new(
        [("Grace", "Hopper"), ("Katherine", "Johnson")],
        [
            ("Mia", "Anderson", "Procurement Lead", "Springfield"), ("Noah", "Fischer", "Plant Manager", "Cleveland"),
            ("Olivia", "Brown", "VP Sales", "Dallas"), ("Paul", "Dubois", "Controller", "Montreal"),
            ("Quinn", "Murphy", "Buyer", "Dublin"), ("Ruth", "Cohen", "General Counsel", "Toronto"),
            ("Sam", "Taylor", "Project Manager", "Leeds"), ("Tara", "Singh", "Data Scientist", "London"),
            ("Umar", "Haddad", "Field Engineer", "Houston"), ("Vera", "Novak", "HR Director", "Prague"),
            ("Will", "Jones", "Store Manager", "Cardiff"), ("Yuki", "Tanaka", "Designer", "Vancouver"),
        ],
        [("Soylent Foods", "soylent.example", "FOOD_PRODUCTION", "Dallas"), ("Wonka Industries", "wonka.example", "FOOD_BEVERAGES", "London"),
         ("Cyberdyne Systems", "cyberdyne.example", "DEFENSE_SPACE", "Toronto"), ("Tyrell Corp", "tyrell.example", "BIOTECHNOLOGY", "Vancouver")],
        ["Soylent supply contract", "Wonka packaging line", "Cyberdyne maintenance", "Tyrell lab equipment", "Soylent expansion",
         "Wonka seasonal order", "Cyberdyne retrofit", "Tyrell research licence", "Soylent logistics", "Wonka flavour trial"]);

    public static HubSpotPortal Seed(DemoIdentity identity, TimeProvider clock)
    {
        var portalId = long.Parse(identity.AccountId, CultureInfo.InvariantCulture);
        var data = portalId == 1002 ? Globex : Acme;
        var owners = data.Owners.Select((owner, i) => new Owner(
            $"{portalId}{i + 1:00}", $"{owner.First.ToLowerInvariant()}@{identity.Domain}", owner.First, owner.Last,
            long.Parse(identity.UserId, CultureInfo.InvariantCulture) + i * 2, Seeded.AddDays(-30 + i))).ToList();
        var portal = new HubSpotPortal(portalId, owners, clock);
        var at = Seeded;

        var contacts = data.Contacts.Select((c, i) => Created(portal, CrmType.Contacts, at = at.AddMinutes(7), new()
        {
            ["firstname"] = c.First,
            ["lastname"] = c.Last,
            ["email"] = $"{c.First.ToLowerInvariant()}.{c.Last.Replace("'", "").ToLowerInvariant()}@{identity.Domain}",
            ["jobtitle"] = c.Title,
            ["city"] = c.City,
            ["phone"] = $"+1 555 01{i:00}",
            ["lifecyclestage"] = i % 3 == 0 ? "customer" : i % 3 == 1 ? "lead" : "opportunity",
            ["hubspot_owner_id"] = owners[i % 2].Id,
        })).ToList();
        var companies = data.Companies.Select((c, i) => Created(portal, CrmType.Companies, at = at.AddMinutes(11), new()
        {
            ["name"] = c.Name,
            ["domain"] = c.Domain,
            ["industry"] = c.Industry,
            ["city"] = c.City,
            ["numberofemployees"] = ((i + 1) * 120).ToString(CultureInfo.InvariantCulture),
            ["hubspot_owner_id"] = owners[i % 2].Id,
        })).ToList();
        for (var i = 0; i < contacts.Count; i++)
            portal.Associate(CrmType.Contacts, contacts[i], CrmType.Companies, companies[i % companies.Count], AssociationTypes.Default(CrmType.Contacts, CrmType.Companies)!.Value);

        for (var i = 0; i < data.Deals.Length; i++)
        {
            var stage = DealPipeline.Stages[i % DealPipeline.Stages.Count];
            var amount = 1500 + (portalId == 1002 ? 700 : 0) + i * 1250;
            var deal = Created(portal, CrmType.Deals, at = at.AddMinutes(13), new()
            {
                ["dealname"] = data.Deals[i],
                ["amount"] = amount.ToString(CultureInfo.InvariantCulture),
                ["pipeline"] = DealPipeline.Id,
                ["dealstage"] = stage.Id,
                ["closedate"] = HubSpotPortal.Iso(new DateTimeOffset(2025, 2 + i % 10, 15, 0, 0, 0, TimeSpan.Zero)),
                ["hubspot_owner_id"] = owners[i % 2].Id,
            });
            portal.Associate(CrmType.Deals, deal, CrmType.Contacts, contacts[i % contacts.Count], AssociationTypes.Default(CrmType.Deals, CrmType.Contacts)!.Value);
            portal.Associate(CrmType.Deals, deal, CrmType.Companies, companies[i % companies.Count], AssociationTypes.Default(CrmType.Deals, CrmType.Companies)!.Value);
        }
        return portal;
    }

    private static long Created(HubSpotPortal portal, CrmType type, DateTimeOffset at, Dictionary<string, string> properties) =>
        portal.Create(type, properties, [], at).Object!.Id;
}
