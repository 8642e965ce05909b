using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Modular.Simulators.Wati;

/// <summary>
/// A WhatsApp message template. Wati's body names its parameters (<c>{{name}}</c>); the original sent to Meta
/// numbers them (<c>{{1}}</c>), in the order of <see cref="Params"/>.
/// </summary>
internal sealed record WatiTemplate(string Id, string ElementName, string Category, string Status, string Body, IReadOnlyList<string> Params, DateTimeOffset LastModified)
{
    public string BodyOriginal => Params.Select((name, i) => (name, i)).Aggregate(Body, (body, p) => body.Replace("{{" + p.name + "}}", "{{" + (p.i + 1) + "}}", StringComparison.Ordinal));

    public string Render(IReadOnlyDictionary<string, string> values) =>
        Params.Aggregate(Body, (body, name) => body.Replace("{{" + name + "}}", values.GetValueOrDefault(name, ""), StringComparison.Ordinal));
}

internal sealed class WatiContact(string id, string waId, string fullName, DateTimeOffset created)
{
    public string Id { get; } = id;
    public string WaId { get; } = waId;
    public string FullName { get; set; } = fullName;
    public string FirstName => FullName.Split(' ')[0];
    public string Source { get; init; } = "API";
    public DateTimeOffset Created { get; } = created;
    public DateTimeOffset LastUpdated { get; set; } = created;
    public List<KeyValuePair<string, string>> CustomParams { get; } = [];
    /// <summary>When the contact last wrote: the 24-hour session window for free-form messages opens then.</summary>
    public DateTimeOffset? LastInboundAt { get; set; }
    public string ConversationId { get; } = WatiTenant.ObjectId();
}

/// <summary>A message in a contact's conversation: sent by the business (owner) or received from the contact.</summary>
internal sealed record WatiMessage(string Id, string WaId, string Text, string Type, bool Owner, DateTimeOffset Created, string LocalMessageId)
{
    public string? TemplateName { get; init; }
    public string? BroadcastName { get; init; }
    /// <summary>Wati's eventType: "message" for session messages, "broadcastMessage" for template sends.</summary>
    public string EventType => TemplateName is null ? "message" : "broadcastMessage";
}

/// <summary>One Wati account (tenant). Callers take <see cref="Gate"/> around every read and write.</summary>
internal sealed class WatiTenant(string id, string name)
{
    public static readonly TimeSpan SessionWindow = TimeSpan.FromHours(24);

    public object Gate { get; } = new();
    public string Id { get; } = id;
    public string Name { get; } = name;
    public List<WatiTemplate> Templates { get; } = [];
    public List<WatiContact> Contacts { get; } = [];
    public List<WatiMessage> Messages { get; } = [];

    public WatiContact? Contact(string waId) => Contacts.FirstOrDefault(c => c.WaId == waId);

    public WatiContact ContactOrNew(string waId, DateTimeOffset now)
    {
        if (Contact(waId) is { } known) return known;
        // Wati adds a contact the first time a number is messaged, named after the number.
        var contact = new WatiContact(ObjectId(), waId, waId, now);
        Contacts.Add(contact);
        return contact;
    }

    public bool SessionOpen(WatiContact contact, DateTimeOffset now) => contact.LastInboundAt is { } at && now - at < SessionWindow;

    /// <summary>Wati's ids are MongoDB object ids: 24 hex digits.</summary>
    public static string ObjectId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}

/// <summary>
/// The Wati tenants and their static API tokens: <c>demo-wati-token</c> is tenant 1001 (Acme),
/// <c>demo-wati-token-2</c> tenant 1002 (Globex), and <c>Simulators:Wati:Tokens:{token}={tenantId}</c> adds more.
/// A tenant gets its demo data the first time it is used.
/// </summary>
internal sealed partial class WatiTenants
{
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, string> _tenantByToken = new(StringComparer.Ordinal)
    {
        ["demo-wati-token"] = "1001",
        ["demo-wati-token-2"] = "1002",
    };
    private readonly ConcurrentDictionary<string, Lazy<WatiTenant>> _tenants = new(StringComparer.Ordinal);

    public WatiTenants(TimeProvider clock, IConfiguration configuration)
    {
        _clock = clock;
        foreach (var entry in configuration.GetSection("Simulators:Wati:Tokens").GetChildren())
            _tenantByToken[entry.Key] = entry.Value is { Length: > 0 } tenant && TenantId().IsMatch(tenant)
                ? tenant
                : throw new InvalidOperationException($"Simulators:Wati:Tokens:{{token}} must be a tenant id of digits, not '{entry.Value}'.");
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The tenant a token belongs to, or null for a token Wati would not know.</summary>
    public WatiTenant? ForToken(string? token) =>
        token is not null && _tenantByToken.TryGetValue(token, out var tenantId) ? For(tenantId) : null;

    public WatiTenant For(string tenantId) =>
        _tenants.GetOrAdd(tenantId, id => new Lazy<WatiTenant>(() => Seed(id, Now))).Value;

    [GeneratedRegex("^[0-9]{1,12}$")]
    private static partial Regex TenantId();

    /// <summary>
    /// Three approved templates (order_shipped with two parameters, appointment_reminder, welcome) and one not
    /// approved, five contacts of which the first wrote an hour ago (its 24-hour session is open). Globex (1002)
    /// differs from Acme (1001) in bodies, contacts and its refused template; any other tenant gets Acme's set.
    /// </summary>
    private static WatiTenant Seed(string id, DateTimeOffset now)
    {
        var globex = id == "1002";
        var tenant = new WatiTenant(id, globex ? "Globex" : id == "1001" ? "Acme" : $"Tenant {id}");
        var brand = globex ? "Globex" : "Acme";
        var modified = now - TimeSpan.FromDays(30);
        string TemplateId(int n) => $"6650{id.PadLeft(6, '0')}{n:D14}";
        tenant.Templates.AddRange(
        [
            new(TemplateId(1), "order_shipped", "UTILITY", "APPROVED", $"Hello {{{{name}}}}, your {brand} order {{{{order_number}}}} has shipped", ["name", "order_number"], modified),
            new(TemplateId(2), "appointment_reminder", "UTILITY", "APPROVED", $"Hi {{{{name}}}}, a reminder of your appointment with {brand} on {{{{date}}}}.", ["name", "date"], modified),
            new(TemplateId(3), "welcome", "MARKETING", "APPROVED", $"Welcome to {brand}! Reply to this message to talk to us.", [], modified),
            globex
                ? new(TemplateId(4), "holiday_promo", "MARKETING", "REJECTED", "Hi {{name}}, 50% off doomsday devices!", ["name"], modified)
                : new(TemplateId(4), "summer_sale", "MARKETING", "PENDING", "Hi {{name}}, our summer sale starts {{date}}!", ["name", "date"], modified),
        ]);

        string[][] people = globex
            ?
            [
                ["14155550101", "Hank Scorpio", "Cypress Creek", "platinum"], ["14155550102", "Mindy Simmons", "Springfield", "gold"],
                ["14155550103", "Frank Grimes", "Springfield", "silver"], ["14155550104", "Lenny Leonard", "Springfield", "silver"],
                ["14155550105", "Carl Carlson", "Shelbyville", "gold"],
            ]
            :
            [
                ["447700900001", "Ada Lovelace", "London", "gold"], ["447700900002", "Alan Turing", "Manchester", "silver"],
                ["447700900003", "Katherine Johnson", "London", "gold"], ["447700900004", "Margaret Hamilton", "Bristol", "platinum"],
                ["447700900005", "Linus Torvalds", "Leeds", "silver"],
            ];
        for (var i = 0; i < people.Length; i++)
        {
            var person = people[i];
            var contact = new WatiContact($"6651{id.PadLeft(6, '0')}{i + 1:D14}", person[0], person[1], now - TimeSpan.FromDays(90 - i)) { Source = i % 2 == 0 ? "WhatsApp" : "API" };
            contact.CustomParams.Add(new("city", person[2]));
            contact.CustomParams.Add(new("customer_tier", person[3]));
            tenant.Contacts.Add(contact);
        }
        // The first contact wrote an hour ago: a session message to it goes through.
        var open = tenant.Contacts[0];
        open.LastInboundAt = now - TimeSpan.FromHours(1);
        tenant.Messages.Add(new WatiMessage(WatiTenant.ObjectId(), open.WaId, "Hi, I have a question about my order", "text", Owner: false, open.LastInboundAt.Value, WatiTenant.ObjectId()));
        return tenant;
    }
}
