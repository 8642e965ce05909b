using System.Text.Json;

namespace Modular.Simulators.Pipefy;

// Pipefy's objects as the GraphQL schema shows them. A field resolves to the property whose name matches it with
// underscores dropped and case ignored (current_phase → CurrentPhase); see PipefySchema.

internal sealed class PipefyUser(string id, string name, string username, string email, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public string Uuid { get; } = PipefyStore.UuidOf("user", id);
    public string Name { get; } = name;
    public string Username { get; } = username;
    public string Email { get; } = email;
    public string AvatarUrl => $"https://gravatar.com/avatar/{Uuid.Replace("-", "", StringComparison.Ordinal)}.png";
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string Locale => "en";
    public string TimeZone => "UTC";
}

internal sealed class PipefyLabel(string id, string name, string color)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string Color { get; } = color;
}

/// <summary>A field of a phase, of a pipe's start form (a hidden phase) or of a table. Its id is a slug.</summary>
internal sealed class PipefyField(string id, string internalId, string label, string type, bool required = false, IReadOnlyList<string>? options = null)
{
    public string Id { get; } = id;
    public string InternalId { get; } = internalId;
    public string Uuid { get; } = PipefyStore.UuidOf("field", internalId);
    public string Label { get; } = label;
    public string Type { get; } = type;
    public bool Required { get; } = required;
    public IReadOnlyList<string> Options { get; } = options ?? [];
    public string? Description => null;
    public string? Help => null;
    public bool Editable => true;
    public bool MinimalView => false;
    public string? CustomValidation => null;
    public double Index { get; init; }
    public PipefyPhase? Phase { get; set; }
}

internal sealed class PipefyPhase(string id, string name, bool done = false)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public bool Done { get; } = done;
    public string? Description => null;
    public string Color => Done ? "green" : "blue";
    public int LatenessTime => 0;
    public double Index { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public PipefyPipe Pipe { get; set; } = null!;
    public List<PipefyField> Fields { get; } = [];
    public bool IsStartForm { get; init; }
    public IEnumerable<PipefyCard> CardList => Pipe.Cards.Where(c => c.CurrentPhase == this);
    public int CardsCount => CardList.Count();
    /// <summary>Every other phase of the pipe: the simulator does not restrict moves further.</summary>
    public IEnumerable<PipefyPhase> CardsCanBeMovedToPhases => Pipe.Phases.Where(p => p != this);
    public IEnumerable<string> NextPhaseIds => Pipe.Phases.SkipWhile(p => p != this).Skip(1).Take(1).Select(p => p.Id);
    public IEnumerable<string> PreviousPhaseIds => Pipe.Phases.TakeWhile(p => p != this).TakeLast(1).Select(p => p.Id);
}

internal sealed class PipefyPipe(string id, string suid, string name, PipefyOrganization organization)
{
    public string Id { get; } = id;
    public string Uuid { get; } = PipefyStore.UuidOf("pipe", id);
    /// <summary>The alphanumeric id webhook payloads carry as the card's pipe_id.</summary>
    public string Suid { get; } = suid;
    public string Name { get; } = name;
    public string? Description => null;
    public string Icon => "pipefy";
    public string Color => "blue";
    public string Noun => "card";
    public bool Public => false;
    public DateTimeOffset CreatedAt { get; init; }
    public PipefyOrganization Organization { get; } = organization;
    public string OrganizationId => Organization.Id;
    public PipefyPhase StartFormPhase { get; set; } = null!;
    public string StartFormPhaseId => StartFormPhase.Id;
    public IEnumerable<PipefyField> StartFormFields => StartFormPhase.Fields;
    /// <summary>The phases cards live in, in order; the start form is not one of them.</summary>
    public List<PipefyPhase> Phases { get; } = [];
    public List<PipefyLabel> Labels { get; } = [];
    public List<PipefyCard> Cards { get; } = [];
    public int CardsCount => Cards.Count;
    public int OpenedCardsCount => Cards.Count(c => !c.Done);
    public IEnumerable<object> Members => Organization.Members;
    public IEnumerable<PipefyWebhook> Webhooks => Organization.Webhooks.Where(w => w.Repo == (object)this);
    public IEnumerable<PipefyField> AllFields => StartFormPhase.Fields.Concat(Phases.SelectMany(p => p.Fields));
    public PipefyField? FieldById(string id) => AllFields.FirstOrDefault(f => f.Id == id || f.InternalId == id);
}

/// <summary>A card's value of one field: Pipefy's CardField (and TableRecordField), value as text.</summary>
internal sealed class PipefyFieldValue(PipefyField field, string? value, DateTimeOffset filledAt)
{
    public PipefyField Field { get; } = field;
    public PipefyField PhaseField => Field;
    public string Name => Field.Label;
    public string? Value { get; } = value;
    public string? ReportValue => Value;
    public string IndexName => Field.Id;
    public bool Required => Field.Required;
    /// <summary>A list-valued field (checklist, connections) holds a JSON array; anything else is one item.</summary>
    public IReadOnlyList<string> ArrayValue => PipefyValues.Items(Value);
    public double? FloatValue => double.TryParse(Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : null;
    public DateTimeOffset? DateValue => DateTimeOffset.TryParse(Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    public DateTimeOffset? DatetimeValue => DateValue;
    public DateTimeOffset FilledAt { get; } = filledAt;
    public DateTimeOffset UpdatedAt => FilledAt;
}

internal static class PipefyValues
{
    public static IReadOnlyList<string> Items(string? value)
    {
        if (string.IsNullOrEmpty(value)) return [];
        if (value.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<List<JsonElement>>(value)?.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList() ?? [];
            }
            catch (JsonException)
            {
                // Not a JSON array after all: a text that starts with '['.
            }
        }
        return [value];
    }
}

/// <summary>What cards and table records share: their fields' values.</summary>
internal abstract class PipefyItem(string id, string title, DateTimeOffset createdAt, PipefyUser createdBy)
{
    public string Id { get; } = id;
    public string Uuid { get; } = PipefyStore.UuidOf("item", id);
    public string Title { get; set; } = title;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset UpdatedAt { get; set; } = createdAt;
    public DateTimeOffset? DueDate { get; set; }
    public PipefyUser CreatedBy { get; } = createdBy;
    public List<PipefyUser> Assignees { get; } = [];
    public List<PipefyLabel> Labels { get; } = [];
    /// <summary>Field id → (value, when filled).</summary>
    public Dictionary<string, (string? Value, DateTimeOffset At)> Values { get; } = new(StringComparer.Ordinal);

    public string? ValueOf(string fieldId) => Values.TryGetValue(fieldId, out var value) ? value.Value : null;

    public void Set(PipefyField field, string? value, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(value)) Values.Remove(field.Id);
        else Values[field.Id] = (value, now);
        UpdatedAt = now;
    }

    protected IEnumerable<PipefyFieldValue> ValuesOf(IEnumerable<PipefyField> fields) =>
        fields.Where(f => Values.ContainsKey(f.Id)).Select(f => new PipefyFieldValue(f, Values[f.Id].Value, Values[f.Id].At));
}

internal sealed class PipefyCard(string id, string title, PipefyPipe pipe, PipefyPhase phase, DateTimeOffset createdAt, PipefyUser createdBy)
    : PipefyItem(id, title, createdAt, createdBy)
{
    public PipefyPipe Pipe { get; } = pipe;
    public PipefyPhase CurrentPhase { get; set; } = phase;
    public DateTimeOffset StartedCurrentPhaseAt { get; set; } = createdAt;
    public DateTimeOffset? FinishedAt { get; set; }
    public bool Done => CurrentPhase.Done;
    public bool Late => false;
    public bool Overdue => false;
    public bool Expired => false;
    public int Age => (int)(DateTimeOffset.UtcNow - CreatedAt).TotalSeconds;
    public int CurrentPhaseAge => (int)(DateTimeOffset.UtcNow - StartedCurrentPhaseAt).TotalSeconds;
    public string Url => $"https://app.pipefy.com/open-cards/{Id}";
    public string Path => $"/pipes/{Pipe.Id}#cards/{Id}";
    public string EmailMessagingAddress => $"card+{Id}@mail.pipefy.com";
    /// <summary>The card's filled fields, start form first, then the phases' in order.</summary>
    public IEnumerable<PipefyFieldValue> Fields => ValuesOf(Pipe.AllFields);
    public IEnumerable<PipefyFieldValue> Subtitles => Fields.Take(2);
    public List<PipefyInboxEmail> InboxEmails { get; } = [];
    public List<PipefyCard> Parents { get; } = [];
    public List<PipefyCard> Children { get; } = [];
    public IEnumerable<object> ParentRelations => Relations(Parents);
    public IEnumerable<object> ChildRelations => Relations(Children);
    public List<PipefyPhaseVisit> PhasesHistory { get; } = [];

    /// <summary>Pipefy groups connected cards by the pipe they are in.</summary>
    private static IEnumerable<object> Relations(IEnumerable<PipefyCard> cards) =>
        cards.GroupBy(c => c.Pipe).Select(g => new Dictionary<string, object?>
        {
            ["id"] = g.Key.Id,
            ["name"] = g.Key.Name,
            ["pipe"] = g.Key,
            ["repo"] = g.Key,
            ["source_type"] = "PipeRelation",
            ["cards"] = g.ToList(),
        });
}

internal sealed class PipefyPhaseVisit(PipefyPhase phase, DateTimeOffset firstTimeIn)
{
    public PipefyPhase Phase { get; } = phase;
    public DateTimeOffset FirstTimeIn { get; } = firstTimeIn;
    public DateTimeOffset? LastTimeOut { get; set; }
    public int Duration => (int)((LastTimeOut ?? DateTimeOffset.UtcNow) - FirstTimeIn).TotalSeconds;
    public bool BecameLate => false;
}

internal sealed class PipefyTable(string id, string name, PipefyOrganization organization)
{
    public string Id { get; } = id;
    public string Uuid { get; } = PipefyStore.UuidOf("table", id);
    public string Name { get; } = name;
    public string? Description { get; init; }
    public bool Public => false;
    public string Url => $"https://app.pipefy.com/database_v2/tables/{Id}";
    public PipefyOrganization Organization { get; } = organization;
    public string OrganizationId => Organization.Id;
    public List<PipefyField> TableFields { get; } = [];
    public PipefyField? TitleField => TableFields.FirstOrDefault();
    public List<PipefyTableRecord> Records { get; } = [];
    public int TableRecordsCount => Records.Count;
    public IEnumerable<PipefyLabel> Labels => [];
    public IEnumerable<object> Members => Organization.Members;
    public IEnumerable<PipefyWebhook> Webhooks => Organization.Webhooks.Where(w => w.Repo == (object)this);
}

internal sealed class PipefyTableRecord(string id, string title, PipefyTable table, DateTimeOffset createdAt, PipefyUser createdBy)
    : PipefyItem(id, title, createdAt, createdBy)
{
    public PipefyTable Table { get; } = table;
    public IEnumerable<PipefyFieldValue> RecordFields => ValuesOf(Table.TableFields);
    public bool Done => false;
    public DateTimeOffset? FinishedAt => null;
    public string Url => $"https://app.pipefy.com/database_v2/tables/{Table.Id}/records/{Id}";
    public string Path => $"/database_v2/tables/{Table.Id}/records/{Id}";
}

internal sealed class PipefyEmailTemplate(string id, string name, PipefyPipe repo)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public PipefyPipe Repo { get; } = repo;
    public string RepoId => Repo.Id;
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public string FromEmail { get; init; } = "";
    public string FromName { get; init; } = "";
    public string ToEmail { get; init; } = "";
    public string CcEmail { get; init; } = "";
    public string BccEmail { get; init; } = "";
    public bool DefaultTemplate { get; init; }
    public string TimeZone => "UTC";
    public bool HasAttachments => false;
}

/// <summary>An email sent from (or received by) a card's inbox.</summary>
internal sealed class PipefyInboxEmail(string id, PipefyCard card, DateTimeOffset createdAt)
{
    public string Id { get; } = id;
    public PipefyCard Card { get; } = card;
    public PipefyPipe Pipe => Card.Pipe;
    public string From { get; init; } = "";
    public string? FromName { get; init; }
    public IReadOnlyList<string> To { get; init; } = [];
    public string? MainTo => To.FirstOrDefault();
    public IReadOnlyList<string> Cc { get; init; } = [];
    public IReadOnlyList<string> Bcc { get; init; } = [];
    public string Subject { get; init; } = "";
    /// <summary>The HTML when one was sent, else the text.</summary>
    public string Body => Html ?? Text ?? "";
    public string? Text { get; init; }
    public string? Html { get; init; }
    public string CleanBody => Text ?? Html ?? "";
    public string State => "sent";
    public string Type => "sent";
    public string MessageId { get; } = $"<{Guid.NewGuid():N}@mail.pipefy.com>";
    public bool SentViaAutomation => false;
    public PipefyUser? User { get; init; }
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset UpdatedAt => CreatedAt;
}

internal sealed class PipefyWebhook(string id, string name, string url, IReadOnlyList<string> actions, object repo)
{
    public string Id { get; } = id;
    public string Name { get; } = name;
    public string Url { get; } = url;
    public IReadOnlyList<string> Actions { get; } = actions;
    /// <summary>The pipe or table it listens to.</summary>
    public object Repo { get; } = repo;
    public string? Email { get; init; }
    public object? Headers { get; init; }
    public object? Filters { get; init; }
}

/// <summary>
/// One Pipefy organisation and everything in it. Callers hold <see cref="Gate"/> for a whole request: an
/// organisation's requests run one at a time, so a query's resolvers may read in parallel.
/// </summary>
internal sealed class PipefyOrganization(string id, string name, int block)
{
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public string Id { get; } = id;
    public string Uuid { get; } = PipefyStore.UuidOf("organization", id);
    public string Name { get; } = name;
    /// <summary>Which block of demo ids the organisation's demo data has (Acme 1, Globex 2).</summary>
    public int Block { get; } = block;
    public DateTimeOffset CreatedAt { get; init; }
    public string Role => "admin";
    public PipefyUser Me { get; set; } = null!;
    public List<PipefyUser> Users { get; } = [];
    public IEnumerable<object> Members => Users.Select(u => new Dictionary<string, object?> { ["user"] = u, ["role_name"] = u == Me ? "admin" : "member" });
    public List<PipefyPipe> Pipes { get; } = [];
    public List<PipefyTable> Tables { get; } = [];
    public List<PipefyEmailTemplate> EmailTemplates { get; } = [];
    public List<PipefyWebhook> Webhooks { get; } = [];
    public List<PipefyLabel> LabelList => [.. Pipes.SelectMany(p => p.Labels)];
}
