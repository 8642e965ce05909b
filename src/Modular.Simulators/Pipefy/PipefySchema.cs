using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;
using GraphQLParser.AST;

namespace Modular.Simulators.Pipefy;

/// <summary>What one GraphQL request works on: the caller's organisation, and the webhook deliveries it caused.</summary>
internal sealed class PipefyRequest(PipefyStore store, PipefyOrganization organization, DateTimeOffset now) : Dictionary<string, object?>
{
    public PipefyStore Store { get; } = store;
    public PipefyOrganization Organization { get; } = organization;
    public DateTimeOffset Now { get; } = now;
    public List<(PipefyWebhook Webhook, object Payload)> Deliveries { get; } = [];
}

internal static class PipefyError
{
    public static ExecutionError PermissionDenied() => New("Permission denied", "PERMISSION_DENIED");

    // The message is guessed; the code is one Pipefy's own toolkit knows.
    public static ExecutionError NotFound(string kind) => New($"Couldn't find {kind.Replace('_', ' ')}: record not found", "RESOURCE_NOT_FOUND");

    public static ExecutionError BadRequest(string message) => New(message, "BAD_REQUEST");

    private static ExecutionError New(string message, string code) => new(message) { Code = code };
}

/// <summary>
/// Pipefy's GraphQL API, schema first: the SDL below (snake_case as Pipefy's, the types and operations connectors
/// and Pipefy's own toolkit use) executed by GraphQL.NET, so any valid document works: variables, aliases,
/// fragments, inline fragments, directives, introspection.
/// </summary>
internal sealed partial class PipefySchema
{
    private const int MaxPage = 50;

    public const string Sdl = """
        scalar UndefinedInput
        scalar Json

        type Query {
          me: User
          organizations(ids: [ID]): [Organization]
          organization(id: ID!): Organization
          pipe(id: ID!): Pipe
          pipes(ids: [ID]!): [Pipe]
          phase(id: ID!): Phase
          card(id: ID!): Card
          cards(pipe_id: ID!, first: Int, after: String, search: CardSearch): CardConnection
          table(id: ID!): Table
          table_records(table_id: ID!, first: Int, after: String): TableRecordConnection
          table_record(id: ID!): TableRecord
          emailTemplates(repoId: ID!, filterByName: String, first: Int, after: String): EmailTemplateConnection
          parsedEmailTemplate(emailTemplateId: ID!, cardUuid: ID): ParsedEmailTemplate
        }

        type Mutation {
          createCard(input: CreateCardInput!): CreateCardPayload
          moveCardToPhase(input: MoveCardToPhaseInput!): MoveCardToPhasePayload
          updateCardField(input: UpdateCardFieldInput!): UpdateCardFieldPayload
          updateFieldsValues(input: UpdateFieldsValuesInput!): UpdateFieldsValuesPayload
          updateCard(input: UpdateCardInput!): UpdateCardPayload
          deleteCard(input: DeleteCardInput!): DeleteCardPayload
          createTableRecord(input: CreateTableRecordInput!): CreateTableRecordPayload
          createAndSendInboxEmail(input: CreateAndSendInboxEmailInput!): CreateAndSendInboxEmailPayload
          createWebhook(input: CreateWebhookInput!): CreateWebhookPayload
          deleteWebhook(input: DeleteWebhookInput!): DeleteWebhookPayload
        }

        type User { id: ID! uuid: ID name: String username: String email: String avatarUrl: String avatar_url: String created_at: DateTime locale: String timeZone: String }
        type Member { user: User role_name: String }
        type Label { id: ID! name: String color: String }

        type Organization {
          id: ID! uuid: ID name: String! created_at: DateTime role: String
          pipes(ids: [ID], name_search: String): [Pipe]
          tables(first: Int, after: String): TableConnection
          members: [Member] users: [User] webhooks: [Webhook]
        }

        type Pipe {
          id: ID! uuid: ID suid: ID name: String! description: String icon: String color: String noun: String public: Boolean
          created_at: DateTime organization: Organization organizationId: ID
          startFormPhaseId: ID start_form_fields: [PhaseField] phases: [Phase] labels: [Label] members: [Member] webhooks: [Webhook]
          cards_count: Int opened_cards_count: Int
        }

        type Phase {
          id: ID! name: String! description: String done: Boolean color: String index: Float lateness_time: Int created_at: DateTime
          cards_count: Int fields: [PhaseField] cards(first: Int, after: String): CardConnection
          cards_can_be_moved_to_phases: [Phase] next_phase_ids: [ID] previousPhaseIds: [ID]
        }

        type PhaseField {
          id: ID! internal_id: ID uuid: ID label: String! type: String! required: Boolean description: String help: String
          options: [String] editable: Boolean minimal_view: Boolean custom_validation: String index: Float phase: Phase
        }

        type CardField {
          field: PhaseField phase_field: PhaseField name: String value: String array_value: [String] report_value: String
          float_value: Float date_value: DateTime datetime_value: DateTime indexName: String filled_at: DateTime updated_at: DateTime
        }

        type Card {
          id: ID! uuid: ID title: String pipe: Pipe current_phase: Phase fields: [CardField] subtitles: [CardField]
          age: Int current_phase_age: Int created_at: DateTime createdAt: DateTime updated_at: DateTime started_current_phase_at: DateTime
          finished_at: DateTime due_date: DateTime done: Boolean late: Boolean overdue: Boolean expired: Boolean
          url: String path: String emailMessagingAddress: String
          createdBy: User created_by: User assignees: [User] labels: [Label]
          inbox_emails: [InboxEmail] phases_history: [PhaseDetail]
          parent_relations: [CardRelationship] child_relations: [CardRelationship] parents: [Card] children: [Card]
        }

        type PhaseDetail { phase: Phase firstTimeIn: DateTime lastTimeOut: DateTime duration: Int became_late: Boolean }
        type CardRelationship { id: ID name: String source_type: String pipe: Pipe cards: [Card] }
        type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }
        type CardEdge { cursor: String! node: Card }
        type CardConnection { edges: [CardEdge] pageInfo: PageInfo! }

        type TableField {
          id: ID! internal_id: ID uuid: ID label: String! type: String! required: Boolean description: String help: String options: [String]
        }
        type TableRecordField {
          field: TableField name: String value: String array_value: [String] report_value: String float_value: Float
          date_value: DateTime datetime_value: DateTime required: Boolean filled_at: DateTime updated_at: DateTime
        }
        type Table {
          id: ID! uuid: ID name: String! description: String public: Boolean url: String organization: Organization organizationId: ID
          table_fields: [TableField] title_field: TableField table_records(first: Int, after: String): TableRecordConnection
          table_records_count: Int labels: [Label] members: [Member] webhooks: [Webhook]
        }
        type TableRecord {
          id: ID! uuid: ID title: String table: Table record_fields: [TableRecordField] created_at: DateTime updated_at: DateTime
          finished_at: DateTime due_date: DateTime done: Boolean url: String path: String created_by: User assignees: [User] labels: [Label]
        }
        type TableEdge { cursor: String! node: Table }
        type TableConnection { edges: [TableEdge] pageInfo: PageInfo! }
        type TableRecordEdge { cursor: String! node: TableRecord }
        type TableRecordConnection { edges: [TableRecordEdge] pageInfo: PageInfo! }

        type EmailTemplate {
          id: ID! name: String subject: String body: String fromEmail: String fromName: String toEmail: String ccEmail: String
          bccEmail: String repoId: ID defaultTemplate: Boolean timeZone: String hasAttachments: Boolean
        }
        type ParsedEmailTemplate {
          id: ID! name: String subject: String body: String fromEmail: String fromName: String toEmail: String ccEmail: String
          bccEmail: String repoId: ID
        }
        type EmailTemplateEdge { cursor: String! node: EmailTemplate }
        type EmailTemplateConnection { edges: [EmailTemplateEdge] pageInfo: PageInfo! }

        type InboxEmail {
          id: ID! card: Card pipe: Pipe from: String fromName: String main_to: String to: [String] cc: [String] bcc: [String]
          subject: String body: String clean_body: String state: String type: String message_id: String
          sent_via_automation: Boolean user: User created_at: DateTime updated_at: DateTime
        }

        type Webhook { id: ID! name: String url: String actions: [String] email: String headers: Json filters: Json }
        type UserError { field: String message: String }
        union UpdatedNode = Card | TableRecord

        input CardSearch { title: String assignee_ids: [ID] label_ids: [ID] include_done: Boolean ignore_ids: [ID] search_strategy: String }
        input FieldValueInput { field_id: ID! field_value: [UndefinedInput] generated_by_ai: Boolean }
        input CreateCardInput {
          pipe_id: ID! phase_id: ID title: String fields_attributes: [FieldValueInput] parent_ids: [ID]
          assignee_ids: [ID] label_ids: [ID] due_date: DateTime attachments: [String] clientMutationId: String
        }
        input MoveCardToPhaseInput { card_id: ID! destination_phase_id: ID! clientMutationId: String }
        input UpdateCardFieldInput { card_id: ID! field_id: ID! new_value: [UndefinedInput] clientMutationId: String }
        enum FieldValuesOperation { ADD REMOVE REPLACE }
        input NodeFieldValueInput { fieldId: ID! value: UndefinedInput operation: FieldValuesOperation generatedByAi: Boolean }
        input UpdateFieldsValuesInput { nodeId: ID! values: [NodeFieldValueInput!]! clientMutationId: String }
        input UpdateCardInput { id: ID! title: String assignee_ids: [ID] label_ids: [ID] due_date: DateTime clientMutationId: String }
        input DeleteCardInput { id: ID! clientMutationId: String }
        input CreateTableRecordInput {
          table_id: ID! title: String due_date: DateTime assignee_ids: [ID] label_ids: [ID] fields_attributes: [FieldValueInput] clientMutationId: String
        }
        input CreateAndSendInboxEmailInput {
          cardId: ID! repoId: ID from: String! fromName: String to: [String]! cc: [String] bcc: [String] subject: String!
          text: String html: String clientMutationId: String
        }
        input CreateWebhookInput {
          pipe_id: ID table_id: ID name: String! url: String! actions: [String]! email: String headers: Json filters: Json
          overridePrevious: Boolean clientMutationId: String
        }
        input DeleteWebhookInput { id: ID! clientMutationId: String }

        type CreateCardPayload { card: Card clientMutationId: String }
        type MoveCardToPhasePayload { card: Card clientMutationId: String }
        type UpdateCardFieldPayload { card: Card success: Boolean clientMutationId: String }
        type UpdateFieldsValuesPayload { success: Boolean userErrors: [UserError] updatedNode: UpdatedNode clientMutationId: String }
        type UpdateCardPayload { card: Card clientMutationId: String }
        type DeleteCardPayload { success: Boolean clientMutationId: String }
        type CreateTableRecordPayload { table_record: TableRecord clientMutationId: String }
        type CreateAndSendInboxEmailPayload { emailSent: Boolean errors: [String] inboxEmail: InboxEmail clientMutationId: String }
        type CreateWebhookPayload { webhook: Webhook clientMutationId: String }
        type DeleteWebhookPayload { success: Boolean clientMutationId: String }
        """;

    private static readonly string[] WebhookActions =
        ["card.create", "card.move", "card.field_update", "card.done", "card.delete", "card.late", "card.overdue", "card.expired", "card.comment_create", "card.email_received"];

    public PipefySchema()
    {
        Schema = GraphQL.Types.Schema.For<PropertyResolvingBuilder>(Sdl, builder =>
        {
            Query(builder.Types.For("Query"));
            Mutation(builder.Types.For("Mutation"));
            builder.Types.For("Organization").FieldFor("pipes").Resolver = Resolve((ctx, _) =>
            {
                var org = (PipefyOrganization)ctx.Source!;
                var ids = Ids(ctx.GetArgument<object?>("ids"));
                var search = ctx.GetArgument<string?>("name_search");
                return org.Pipes.Where(p => (ids is null || ids.Contains(p.Id)) && (search is null || p.Name.Contains(search, StringComparison.OrdinalIgnoreCase)));
            });
            builder.Types.For("Organization").FieldFor("tables").Resolver = Resolve((ctx, _) => Connection(((PipefyOrganization)ctx.Source!).Tables, ctx, t => t.Id));
            builder.Types.For("Phase").FieldFor("cards").Resolver = Resolve((ctx, _) => Connection([.. ((PipefyPhase)ctx.Source!).CardList], ctx, c => c.Id));
            builder.Types.For("Table").FieldFor("table_records").Resolver = Resolve((ctx, _) => Connection(((PipefyTable)ctx.Source!).Records, ctx, r => r.Id));
            builder.Types.For("Card").IsTypeOf<PipefyCard>();
            builder.Types.For("TableRecord").IsTypeOf<PipefyTableRecord>();
        });
        Schema.RegisterType(new AnyValueGraphType("UndefinedInput", "A field's value: a text, a number, a boolean or a list of them."));
        Schema.RegisterType(new AnyValueGraphType("Json", "Any JSON value."));
        Schema.Initialize();
    }

    public ISchema Schema { get; }

    private static void Query(TypeConfig query)
    {
        query.FieldFor("me").Resolver = Resolve((_, r) => r.Organization.Me);
        query.FieldFor("organizations").Resolver = Resolve((ctx, r) =>
            Ids(ctx.GetArgument<object?>("ids")) is { } ids ? ids.Select(id => r.Store.Find<PipefyOrganization>(r.Organization, "organization", id)) : [r.Organization]);
        query.FieldFor("organization").Resolver = Resolve((ctx, r) => r.Store.Find<PipefyOrganization>(r.Organization, "organization", Id(ctx, "id")));
        query.FieldFor("pipe").Resolver = Resolve((ctx, r) => r.Store.Find<PipefyPipe>(r.Organization, "pipe", Id(ctx, "id")));
        query.FieldFor("pipes").Resolver = Resolve((ctx, r) => (Ids(ctx.GetArgument<object?>("ids")) ?? []).Select(id => r.Store.Find<PipefyPipe>(r.Organization, "pipe", id)).ToList());
        query.FieldFor("phase").Resolver = Resolve((ctx, r) => r.Store.Find<PipefyPhase>(r.Organization, "phase", Id(ctx, "id")));
        query.FieldFor("card").Resolver = Resolve((ctx, r) => r.Store.Find<PipefyCard>(r.Organization, "card", Id(ctx, "id")));
        query.FieldFor("cards").Resolver = Resolve((ctx, r) =>
        {
            var pipe = r.Store.Find<PipefyPipe>(r.Organization, "pipe", Id(ctx, "pipe_id"));
            var search = ctx.GetArgument<Dictionary<string, object?>?>("search");
            var title = search?.GetValueOrDefault("title") as string;
            var assignees = Ids(search?.GetValueOrDefault("assignee_ids"));
            var labels = Ids(search?.GetValueOrDefault("label_ids"));
            var ignore = Ids(search?.GetValueOrDefault("ignore_ids"));
            var cards = pipe.Cards
                .Where(c => string.IsNullOrEmpty(title) || c.Title.Contains(title, StringComparison.OrdinalIgnoreCase))
                .Where(c => assignees is null || c.Assignees.Any(a => assignees.Contains(a.Id)))
                .Where(c => labels is null || c.Labels.Any(l => labels.Contains(l.Id)))
                .Where(c => ignore is null || !ignore.Contains(c.Id))
                .ToList();
            return Connection(cards, ctx, c => c.Id);
        });
        query.FieldFor("table").Resolver = Resolve((ctx, r) => r.Store.Find<PipefyTable>(r.Organization, "table", Id(ctx, "id")));
        query.FieldFor("table_records").Resolver = Resolve((ctx, r) => Connection(r.Store.Find<PipefyTable>(r.Organization, "table", Id(ctx, "table_id")).Records, ctx, x => x.Id));
        query.FieldFor("table_record").Resolver = Resolve((ctx, r) => r.Store.Find<PipefyTableRecord>(r.Organization, "table_record", Id(ctx, "id")));
        query.FieldFor("emailTemplates").Resolver = Resolve((ctx, r) =>
        {
            var repo = r.Store.Find<PipefyPipe>(r.Organization, "pipe", Id(ctx, "repoId"));
            var name = ctx.GetArgument<string?>("filterByName");
            var templates = r.Organization.EmailTemplates
                .Where(t => t.Repo == repo && (string.IsNullOrEmpty(name) || t.Name.Contains(name, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            return Connection(templates, ctx, t => t.Id);
        });
        query.FieldFor("parsedEmailTemplate").Resolver = Resolve((ctx, r) =>
        {
            var template = r.Store.Find<PipefyEmailTemplate>(r.Organization, "email_template", Id(ctx, "emailTemplateId"));
            var uuid = Id(ctx, "cardUuid");
            PipefyCard? card = null;
            if (uuid is not null)
                card = template.Repo.Cards.FirstOrDefault(c => c.Uuid == uuid) ?? throw PipefyError.NotFound("card");
            string Fill(string text) => card is null ? text : Placeholder().Replace(text, m => m.Groups[1].Value switch
            {
                "card.title" => card.Title,
                "card.id" => card.Id,
                "card.url" => card.Url,
                var fieldId => card.ValueOf(fieldId.StartsWith("card.", StringComparison.Ordinal) ? fieldId[5..] : fieldId) ?? "",
            });
            return new Dictionary<string, object?>
            {
                ["id"] = template.Id,
                ["name"] = template.Name,
                ["subject"] = Fill(template.Subject),
                ["body"] = Fill(template.Body),
                ["fromEmail"] = Fill(template.FromEmail),
                ["fromName"] = Fill(template.FromName),
                ["toEmail"] = Fill(template.ToEmail),
                ["ccEmail"] = Fill(template.CcEmail),
                ["bccEmail"] = Fill(template.BccEmail),
                ["repoId"] = template.RepoId,
            };
        });
    }

    private static void Mutation(TypeConfig mutation)
    {
        mutation.FieldFor("createCard").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var pipe = r.Store.Find<PipefyPipe>(r.Organization, "pipe", Text(input, "pipe_id"));
            var phase = pipe.Phases[0];
            if (Text(input, "phase_id") is { } phaseId)
            {
                phase = r.Store.Find<PipefyPhase>(r.Organization, "phase", phaseId);
                if (phase.Pipe != pipe || phase.IsStartForm) throw PipefyError.BadRequest($"Phase {phaseId} is not a phase of pipe {pipe.Id}");
            }
            var values = FieldValues(input, f => pipe.FieldById(f), "pipe " + pipe.Id);
            var missing = pipe.StartFormFields.FirstOrDefault(f => f.Required && string.IsNullOrEmpty(values.GetValueOrDefault(f)));
            if (missing is not null) throw PipefyError.BadRequest($"Field '{missing.Label}' is required");
            var parents = (Ids(input.Get("parent_ids")) ?? []).Select(id => r.Store.Find<PipefyCard>(r.Organization, "card", id)).ToList();
            var id = r.Store.NewId();
            var title = Text(input, "title") ?? pipe.StartFormFields.Select(f => values.GetValueOrDefault(f)).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "Draft";
            var card = r.Store.Register(r.Organization, "card", id, new PipefyCard(id, title, pipe, phase, r.Now, r.Organization.Me));
            foreach (var (field, value) in values) card.Set(field, value, r.Now);
            Assign(r, card, input);
            card.PhasesHistory.Add(new PipefyPhaseVisit(phase, r.Now));
            foreach (var parent in parents)
            {
                card.Parents.Add(parent);
                parent.Children.Add(card);
            }
            pipe.Cards.Add(card);
            Deliver(r, pipe, "card.create", card, new() { ["on_phase"] = PhaseRef(phase), ["created_by"] = UserRef(r.Organization.Me) });
            return Payload(input, ("card", card));
        });

        mutation.FieldFor("moveCardToPhase").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var card = r.Store.Find<PipefyCard>(r.Organization, "card", Text(input, "card_id"));
            var destination = r.Store.Find<PipefyPhase>(r.Organization, "phase", Text(input, "destination_phase_id"));
            if (destination.Pipe != card.Pipe || destination.IsStartForm)
                throw PipefyError.BadRequest($"The card can't be moved to phase {destination.Id}: it is not a phase of the card's pipe");
            var from = card.CurrentPhase;
            if (destination == from) return Payload(input, ("card", card));
            // Pipefy's own words when a required field of the phase the card leaves is empty.
            if (from.Fields.Any(f => f.Required && string.IsNullOrEmpty(card.ValueOf(f.Id))))
                throw PipefyError.BadRequest("Probably, you have required fields empty in your card");
            card.PhasesHistory.LastOrDefault(v => v.Phase == from && v.LastTimeOut is null)?.LastTimeOut = r.Now;
            card.PhasesHistory.Add(new PipefyPhaseVisit(destination, r.Now));
            card.CurrentPhase = destination;
            card.StartedCurrentPhaseAt = r.Now;
            card.UpdatedAt = r.Now;
            card.FinishedAt = destination.Done ? r.Now : null;
            Deliver(r, card.Pipe, "card.move", card, new() { ["from"] = PhaseRef(from), ["to"] = PhaseRef(destination), ["moved_by"] = UserRef(r.Organization.Me) });
            if (destination.Done) Deliver(r, card.Pipe, "card.done", card, new() { ["on_phase"] = PhaseRef(destination), ["done_by"] = UserRef(r.Organization.Me) });
            return Payload(input, ("card", card));
        });

        mutation.FieldFor("updateCardField").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var card = r.Store.Find<PipefyCard>(r.Organization, "card", Text(input, "card_id"));
            var fieldId = Text(input, "field_id");
            var field = card.Pipe.FieldById(fieldId ?? "") ?? throw PipefyError.NotFound("field");
            var value = Value(input.Get("new_value"));
            SetField(r, card, field, value);
            return Payload(input, ("card", card), ("success", true));
        });

        mutation.FieldFor("updateFieldsValues").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var nodeId = Text(input, "nodeId");
            PipefyItem node = (PipefyItem?)TryFind<PipefyCard>(r, "card", nodeId)
                ?? (PipefyItem?)TryFind<PipefyTableRecord>(r, "table_record", nodeId)
                ?? r.Store.Find<PipefyCard>(r.Organization, "card", nodeId);
            var errors = new List<object>();
            foreach (var item in (input.Get("values") as IEnumerable<object?> ?? []).OfType<IDictionary<string, object?>>())
            {
                var fieldId = Text(item, "fieldId") ?? "";
                var field = node is PipefyCard card ? card.Pipe.FieldById(fieldId) : ((PipefyTableRecord)node).Table.TableFields.FirstOrDefault(f => f.Id == fieldId || f.InternalId == fieldId);
                if (field is null)
                {
                    errors.Add(new Dictionary<string, object?> { ["field"] = fieldId, ["message"] = $"Field {fieldId} was not found" });
                    continue;
                }
                var value = Value(item.Get("value"));
                var current = PipefyValues.Items(node.ValueOf(field.Id));
                var given = PipefyValues.Items(value);
                // REPLACE is the default; ADD and REMOVE work on list values (checklists, connections, assignees).
                var next = (Text(item, "operation") ?? "REPLACE") switch
                {
                    "ADD" => Join([.. current, .. given.Where(v => !current.Contains(v))]),
                    "REMOVE" => Join([.. current.Where(v => !given.Contains(v))]),
                    _ => value,
                };
                if (node is PipefyCard target) SetField(r, target, field, next);
                else node.Set(field, next, r.Now);
            }
            return Payload(input, ("success", errors.Count == 0), ("userErrors", errors), ("updatedNode", node));
        });

        mutation.FieldFor("updateCard").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var card = r.Store.Find<PipefyCard>(r.Organization, "card", Text(input, "id"));
            if (Text(input, "title") is { } title) card.Title = title;
            Assign(r, card, input);
            card.UpdatedAt = r.Now;
            return Payload(input, ("card", card));
        });

        mutation.FieldFor("deleteCard").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var card = r.Store.Find<PipefyCard>(r.Organization, "card", Text(input, "id"));
            card.Pipe.Cards.Remove(card);
            foreach (var parent in card.Parents) parent.Children.Remove(card);
            foreach (var child in card.Children) child.Parents.Remove(card);
            r.Store.Forget("card", card.Id);
            Deliver(r, card.Pipe, "card.delete", card, new() { ["on_phase"] = PhaseRef(card.CurrentPhase), ["deleted_by"] = UserRef(r.Organization.Me) });
            return Payload(input, ("success", true));
        });

        mutation.FieldFor("createTableRecord").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var table = r.Store.Find<PipefyTable>(r.Organization, "table", Text(input, "table_id"));
            var values = FieldValues(input, id => table.TableFields.FirstOrDefault(f => f.Id == id || f.InternalId == id), "table " + table.Id);
            var missing = table.TableFields.FirstOrDefault(f => f.Required && string.IsNullOrEmpty(values.GetValueOrDefault(f)));
            if (missing is not null) throw PipefyError.BadRequest($"Field '{missing.Label}' is required");
            var id = r.Store.NewId();
            var title = Text(input, "title") ?? (table.TitleField is { } tf ? values.GetValueOrDefault(tf) : null) ?? "Draft";
            var record = r.Store.Register(r.Organization, "table_record", id, new PipefyTableRecord(id, title, table, r.Now, r.Organization.Me));
            foreach (var (field, value) in values) record.Set(field, value, r.Now);
            Assign(r, record, input);
            table.Records.Add(record);
            // Pipefy's webhooks call a table's records cards.
            foreach (var webhook in table.Webhooks.Where(w => w.Actions.Contains("card.create")))
                r.Deliveries.Add((webhook, Data("card.create", new() { ["created_by"] = UserRef(r.Organization.Me), ["card"] = new Dictionary<string, object?> { ["id"] = Number(record.Id), ["title"] = record.Title, ["pipe_id"] = table.Id } })));
            return Payload(input, ("table_record", record));
        });

        mutation.FieldFor("createAndSendInboxEmail").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var card = r.Store.Find<PipefyCard>(r.Organization, "card", Text(input, "cardId"));
            if (Text(input, "repoId") is { } repoId && repoId != card.Pipe.Id) throw PipefyError.BadRequest($"Card {card.Id} is not in pipe {repoId}");
            List<string> Addresses(string name) => [.. (input.Get(name) as IEnumerable<object?> ?? []).Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").Where(a => a.Length > 0)];
            var to = Addresses("to");
            var cc = Addresses("cc");
            var bcc = Addresses("bcc");
            var from = Text(input, "from") ?? "";
            var invalid = new[] { from }.Concat(to).Concat(cc).Concat(bcc).Where(a => !EmailAddress().IsMatch(a)).ToList();
            if (to.Count == 0) invalid.Add("to: at least one recipient is needed");
            if (invalid.Count > 0) return Payload(input, ("emailSent", false), ("errors", invalid.Select(a => $"Invalid email address: {a}").ToList()), ("inboxEmail", null));
            var email = new PipefyInboxEmail(r.Store.NewId(), card, r.Now)
            {
                From = from,
                FromName = Text(input, "fromName"),
                To = to,
                Cc = cc,
                Bcc = bcc,
                Subject = Text(input, "subject") ?? "",
                Text = Text(input, "text"),
                Html = Text(input, "html"),
                User = r.Organization.Me,
            };
            r.Store.Register(r.Organization, "inbox_email", email.Id, email);
            card.InboxEmails.Add(email);
            return Payload(input, ("emailSent", true), ("errors", Array.Empty<string>()), ("inboxEmail", email));
        });

        mutation.FieldFor("createWebhook").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            object repo = (Text(input, "pipe_id"), Text(input, "table_id")) switch
            {
                ({ } pipeId, null) => r.Store.Find<PipefyPipe>(r.Organization, "pipe", pipeId),
                (null, { } tableId) => r.Store.Find<PipefyTable>(r.Organization, "table", tableId),
                _ => throw PipefyError.BadRequest("Give either pipe_id or table_id"),
            };
            var url = Text(input, "url") ?? "";
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) throw PipefyError.BadRequest("url must be an http or https URL");
            var actions = (input.Get("actions") as IEnumerable<object?> ?? []).Select(a => a?.ToString() ?? "").ToList();
            if (actions.Count == 0 || actions.Any(a => !WebhookActions.Contains(a)))
                throw PipefyError.BadRequest($"actions must be some of {string.Join(", ", WebhookActions)}");
            var webhook = new PipefyWebhook(r.Store.NewId(), Text(input, "name") ?? "", url, actions, repo)
            {
                Email = Text(input, "email"),
                Headers = input.Get("headers"),
                Filters = input.Get("filters"),
            };
            r.Store.Register(r.Organization, "webhook", webhook.Id, webhook);
            r.Organization.Webhooks.Add(webhook);
            return Payload(input, ("webhook", webhook));
        });

        mutation.FieldFor("deleteWebhook").Resolver = Resolve((ctx, r) =>
        {
            var input = Input(ctx);
            var webhook = r.Store.Find<PipefyWebhook>(r.Organization, "webhook", Text(input, "id"));
            r.Organization.Webhooks.Remove(webhook);
            r.Store.Forget("webhook", webhook.Id);
            return Payload(input, ("success", true));
        });
    }

    private static void SetField(PipefyRequest r, PipefyCard card, PipefyField field, string? value)
    {
        card.Set(field, value, r.Now);
        Deliver(r, card.Pipe, "card.field_update", card, new()
        {
            ["field"] = new Dictionary<string, object?> { ["id"] = field.Id, ["label"] = field.Label, ["internal_id"] = Number(field.InternalId) },
            ["new_value"] = value,
            ["updated_by"] = UserRef(r.Organization.Me),
        });
    }

    private static void Assign(PipefyRequest r, PipefyItem item, IDictionary<string, object?> input)
    {
        if (Ids(input.Get("assignee_ids")) is { } assignees)
        {
            item.Assignees.Clear();
            item.Assignees.AddRange(assignees.Select(id => r.Organization.Users.FirstOrDefault(u => u.Id == id) ?? throw PipefyError.NotFound("user")));
        }
        if (Ids(input.Get("label_ids")) is { } labels)
        {
            item.Labels.Clear();
            item.Labels.AddRange(labels.Select(id => r.Organization.LabelList.FirstOrDefault(l => l.Id == id) ?? throw PipefyError.NotFound("label")));
        }
        if (input.Get("due_date") is { } due)
            item.DueDate = due switch
            {
                DateTimeOffset at => at,
                DateTime at => new DateTimeOffset(at.ToUniversalTime()),
                _ => DateTimeOffset.TryParse(due.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : throw PipefyError.BadRequest("due_date is not a date"),
            };
    }

    /// <summary>A webhook delivery for every webhook of the pipe that listens to the action (Pipefy's documented payloads).</summary>
    private static void Deliver(PipefyRequest r, PipefyPipe pipe, string action, PipefyCard card, Dictionary<string, object?> details)
    {
        foreach (var webhook in pipe.Webhooks.Where(w => w.Actions.Contains(action)))
        {
            details["card"] = new Dictionary<string, object?> { ["id"] = Number(card.Id), ["title"] = card.Title, ["pipe_id"] = pipe.Suid };
            r.Deliveries.Add((webhook, Data(action, details)));
        }
    }

    private static Dictionary<string, object?> Data(string action, Dictionary<string, object?> details)
    {
        var data = new Dictionary<string, object?> { ["action"] = action };
        foreach (var (key, value) in details) data[key] = value;
        return new Dictionary<string, object?> { ["data"] = data };
    }

    private static Dictionary<string, object?> PhaseRef(PipefyPhase phase) => new() { ["id"] = Number(phase.Id), ["name"] = phase.Name };

    private static Dictionary<string, object?> UserRef(PipefyUser user) => new()
    {
        ["id"] = Number(user.Id),
        ["name"] = user.Name,
        ["username"] = user.Username,
        ["email"] = user.Email,
        ["avatar_url"] = user.AvatarUrl,
    };

    private static object Number(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : id;

    private static T? TryFind<T>(PipefyRequest r, string kind, string? id) where T : class
    {
        try
        {
            return r.Store.Find<T>(r.Organization, kind, id);
        }
        catch (ExecutionError error) when (error.Code == "RESOURCE_NOT_FOUND")
        {
            return null;
        }
    }

    /// <summary>The fields_attributes of an input, each field known to the pipe or table.</summary>
    private static Dictionary<PipefyField, string?> FieldValues(IDictionary<string, object?> input, Func<string, PipefyField?> field, string where)
    {
        var values = new Dictionary<PipefyField, string?>();
        foreach (var attribute in (input.Get("fields_attributes") as IEnumerable<object?> ?? []).OfType<IDictionary<string, object?>>())
        {
            var fieldId = Text(attribute, "field_id") ?? "";
            values[field(fieldId) ?? throw PipefyError.BadRequest($"Field {fieldId} does not exist in {where}")] = Value(attribute.Get("field_value"));
        }
        return values;
    }

    /// <summary>A field value as Pipefy keeps it: one item as text, several as a JSON array, none as empty.</summary>
    private static string? Value(object? raw)
    {
        if (raw is null) return null;
        if (raw is string text) return text;
        if (raw is IEnumerable items and not IDictionary) return Join([.. items.Cast<object?>().Select(Scalar).OfType<string>()]);
        return Scalar(raw);
    }

    private static string? Join(IReadOnlyList<string> items) => items.Count switch
    {
        0 => null,
        1 => items[0],
        _ => JsonSerializer.Serialize(items),
    };

    private static string? Scalar(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value),
    };

    private static Dictionary<string, object?> Payload(IDictionary<string, object?> input, params (string Name, object? Value)[] fields)
    {
        var payload = new Dictionary<string, object?> { ["clientMutationId"] = Text(input, "clientMutationId") };
        foreach (var (name, value) in fields) payload[name] = value;
        return payload;
    }

    private static IDictionary<string, object?> Input(IResolveFieldContext ctx) =>
        ctx.GetArgument<Dictionary<string, object?>>("input") ?? [];

    private static string? Text(IDictionary<string, object?> input, string name) => Scalar(input.Get(name)) is { Length: > 0 } text ? text : null;

    private static string? Id(IResolveFieldContext ctx, string name) => Scalar(ctx.GetArgument<object?>(name));

    private static HashSet<string>? Ids(object? value) =>
        value is IEnumerable items and not string ? [.. items.Cast<object?>().Select(Scalar).OfType<string>()] : null;

    /// <summary>Relay paging: first (at most 50, as Pipefy), after an opaque cursor; pageInfo says whether more follow.</summary>
    private static Dictionary<string, object?> Connection<T>(IReadOnlyList<T> items, IResolveFieldContext ctx, Func<T, string> id)
    {
        var first = Math.Clamp(ctx.GetArgument<int?>("first") ?? MaxPage, 0, MaxPage);
        var start = 0;
        if (ctx.GetArgument<string?>("after") is { Length: > 0 } after)
        {
            string? afterId = null;
            try
            {
                afterId = Encoding.UTF8.GetString(Convert.FromBase64String(after));
            }
            catch (FormatException)
            {
                // Not one of ours: refused below.
            }
            var index = afterId is null ? -1 : items.Select(id).ToList().IndexOf(afterId);
            if (index < 0) throw PipefyError.BadRequest("Invalid cursor");
            start = index + 1;
        }
        var page = items.Skip(start).Take(first).ToList();
        string Cursor(T item) => Convert.ToBase64String(Encoding.UTF8.GetBytes(id(item)));
        return new Dictionary<string, object?>
        {
            ["edges"] = page.Select(item => new Dictionary<string, object?> { ["cursor"] = Cursor(item), ["node"] = item }).ToList(),
            ["pageInfo"] = new Dictionary<string, object?>
            {
                ["hasNextPage"] = start + page.Count < items.Count,
                ["hasPreviousPage"] = start > 0,
                ["startCursor"] = page.Count > 0 ? Cursor(page[0]) : null,
                ["endCursor"] = page.Count > 0 ? Cursor(page[^1]) : null,
            },
        };
    }

    private static FuncFieldResolver<object?> Resolve(Func<IResolveFieldContext, PipefyRequest, object?> resolve) =>
        new(ctx => resolve(ctx, (PipefyRequest)ctx.UserContext));

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailAddress();
}

internal static class InputExtensions
{
    /// <summary>An input object's field, null when the request left it out.</summary>
    public static object? Get(this IDictionary<string, object?> input, string name) => input.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// Fields without a resolver of their own read the source: a dictionary's entry of the field's name, else the
/// property whose name is the field's without underscores, case ignored (current_phase → CurrentPhase).
/// </summary>
internal sealed class PropertyResolvingBuilder : SchemaBuilder
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    protected override FieldType ToFieldType(string parentTypeName, GraphQLFieldDefinition fieldDef)
    {
        var field = base.ToFieldType(parentTypeName, fieldDef);
        if (field.Resolver is null)
        {
            var name = field.Name;
            var normalized = name.Replace("_", "", StringComparison.Ordinal);
            field.Resolver = new FuncFieldResolver<object?>(ctx => Plain(ctx.Source switch
            {
                null => null,
                IDictionary<string, object?> map => map.TryGetValue(name, out var value) ? value : null,
                var source => Properties.GetOrAdd((source.GetType(), normalized), key =>
                    key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase))?.GetValue(source),
            }));
        }
        return field;
    }

    /// <summary>GraphQL.NET's DateTime scalar takes a DateTime, not the DateTimeOffset the model keeps.</summary>
    private static object? Plain(object? value) => value is DateTimeOffset at ? at.UtcDateTime : value;
}

/// <summary>A scalar that takes any value as it comes (Pipefy's UndefinedInput and Json) and gives it back as is.</summary>
internal sealed class AnyValueGraphType : ScalarGraphType
{
    public AnyValueGraphType(string name, string description)
    {
        Name = name;
        Description = description;
    }

    public override object? ParseValue(object? value) => value;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue text => (string)text.Value,
        GraphQLIntValue number => long.Parse((string)number.Value, CultureInfo.InvariantCulture),
        GraphQLFloatValue number => double.Parse((string)number.Value, CultureInfo.InvariantCulture),
        GraphQLBooleanValue flag => flag.BoolValue,
        GraphQLEnumValue name => (string)name.Name.Value,
        GraphQLListValue list => list.Values?.Select(ParseLiteral).ToList() ?? [],
        GraphQLObjectValue map => map.Fields?.ToDictionary(f => (string)f.Name.Value, f => ParseLiteral(f.Value)) ?? [],
        _ => throw new InvalidOperationException($"Unexpected literal {value.Kind}"),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is not GraphQLVariable;

    public override bool CanParseValue(object? value) => true;

    public override object? Serialize(object? value) => value;
}
