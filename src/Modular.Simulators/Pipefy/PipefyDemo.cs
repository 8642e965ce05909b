using System.Globalization;

namespace Modular.Simulators.Pipefy;

/// <summary>
/// An organisation's demo data. Ids follow its block n (Acme 1, Globex 2): pipes 3010n1.., phases 3020n1..,
/// cards 3030n1.., table records 3040n1.., email templates 3050n1.., users 3060n1.., labels 3070n1.., field
/// internal ids 3080n1.., the Customers table <c>CUST000n</c>. The README lists Acme's.
/// </summary>
internal static class PipefyDemo
{
    public static PipefyOrganization Seed(PipefyStore store, string id, int block, DateTimeOffset now)
    {
        var globex = block == 2;
        var name = block switch { 1 => "Acme", 2 => "Globex", _ => $"Organization {id}" };
        var domain = globex ? "globex.example" : "acme.example";
        var org = new PipefyOrganization(id, name, block) { CreatedAt = now - TimeSpan.FromDays(365) };
        // Small blocks keep ids short enough to read; beyond them, fresh ids.
        string Id(int kindBase, int k) => block <= 9 ? (kindBase + block * 100 + k).ToString(CultureInfo.InvariantCulture) : store.NewId();

        string[][] people = globex
            ? [["Grace Hopper", "grace"], ["Hank Scorpio", "hank"], ["Mindy Simmons", "mindy"]]
            : [["Ada Lovelace", "ada"], ["Alan Turing", "alan"], ["Katherine Johnson", "katherine"]];
        for (var k = 0; k < people.Length; k++)
            org.Users.Add(new PipefyUser(Id(306000, k + 1), people[k][0], people[k][1], $"{people[k][1]}@{domain}", org.CreatedAt));
        org.Me = org.Users[0];

        var fieldNumber = 0;
        PipefyField Field(string fieldId, string label, string type, bool required = false, IReadOnlyList<string>? options = null) =>
            new(fieldId, Id(308000, ++fieldNumber), label, type, required, options) { Index = fieldNumber };

        PipefyPipe Pipe(int k, string suid, string pipeName, (string Name, bool Done, PipefyField[] Fields)[] phases, PipefyField[] startForm, int phaseBase)
        {
            var pipe = store.Register(org, "pipe", Id(301000, k), new PipefyPipe(Id(301000, k), suid, pipeName, org) { CreatedAt = org.CreatedAt });
            PipefyPhase AddPhase(int n, string phaseName, bool done, PipefyField[] fields, bool startFormPhase = false)
            {
                var phase = store.Register(org, "phase", Id(302000, phaseBase + n), new PipefyPhase(Id(302000, phaseBase + n), phaseName, done)
                {
                    Index = n,
                    IsStartForm = startFormPhase,
                    CreatedAt = org.CreatedAt,
                });
                phase.Pipe = pipe;
                foreach (var field in fields)
                {
                    field.Phase = phase;
                    phase.Fields.Add(field);
                }
                return phase;
            }
            pipe.StartFormPhase = AddPhase(0, "Start form", false, startForm, startFormPhase: true);
            for (var n = 0; n < phases.Length; n++) pipe.Phases.Add(AddPhase(n + 1, phases[n].Name, phases[n].Done, phases[n].Fields));
            org.Pipes.Add(pipe);
            return pipe;
        }

        // Sales: a required start form field, and a required field in Qualified that stops a move out of it while empty.
        var sales = Pipe(1, $"SALES{block:D3}", "Sales pipeline",
        [
            ("Lead", false, [Field("notes", "Notes", "long_text")]),
            ("Qualified", false, [Field("budget_confirmed", "Budget confirmed", "radio_vertical", required: true, options: ["Yes", "No"])]),
            ("Proposal", false, [Field("proposal_link", "Proposal link", "short_text")]),
            ("Won", true, []),
            ("Lost", true, [Field("loss_reason", "Loss reason", "long_text")]),
        ],
        [
            Field("customer_name", "Customer name", "short_text", required: true),
            Field("email", "Email", "email"),
            Field("amount", "Amount", "currency"),
        ], phaseBase: 1);
        var support = Pipe(2, $"SUPPT{block:D3}", "Support",
        [
            ("New", false, []),
            ("In progress", false, [Field("resolution", "Resolution", "long_text")]),
            ("Resolved", true, []),
        ],
        [
            Field("subject", "Subject", "short_text", required: true),
            Field("requester_email", "Requester email", "email"),
            Field("priority", "Priority", "select", options: ["Low", "Medium", "High"]),
        ], phaseBase: 11);
        sales.Labels.Add(new PipefyLabel(Id(307000, 1), "Hot", "#FF0000"));
        sales.Labels.Add(new PipefyLabel(Id(307000, 2), "Enterprise", "#0000FF"));
        support.Labels.Add(new PipefyLabel(Id(307000, 3), "Bug", "#FFA500"));

        var cardNumber = 0;
        void Card(PipefyPipe pipe, int phaseIndex, string title, params (string Field, string Value)[] values)
        {
            var phase = pipe.Phases[phaseIndex];
            var at = now - TimeSpan.FromDays(10 - cardNumber);
            var card = store.Register(org, "card", Id(303000, ++cardNumber), new PipefyCard(Id(303000, cardNumber), title, pipe, phase, at, org.Me));
            foreach (var (fieldId, value) in values) card.Set(pipe.FieldById(fieldId)!, value, at);
            card.PhasesHistory.Add(new PipefyPhaseVisit(phase, at));
            if (phase.Done) card.FinishedAt = at;
            pipe.Cards.Add(card);
        }
        string[] customers = globex ? ["Springfield Nuclear", "Kwik-E-Mart", "Duff Brewery", "Krusty Burger"] : ["Initech", "Hooli", "Umbrella Corp", "Wayne Enterprises"];
        Card(sales, 0, $"{customers[0]} renewal", ("customer_name", customers[0]), ("email", $"buyer@{Slug(customers[0])}.example"), ("amount", "12000"));
        // In Qualified with its required field empty: moving it on is refused until budget_confirmed is set.
        Card(sales, 1, $"{customers[1]} expansion", ("customer_name", customers[1]), ("email", $"cto@{Slug(customers[1])}.example"), ("amount", "48000"));
        Card(sales, 2, $"{customers[2]} pilot", ("customer_name", customers[2]), ("amount", "9500"), ("budget_confirmed", "Yes"), ("proposal_link", "https://docs.example/proposal"));
        Card(sales, 3, $"{customers[3]} deal", ("customer_name", customers[3]), ("amount", "150000"), ("budget_confirmed", "Yes"));
        Card(support, 0, "Cannot log in", ("subject", "Cannot log in"), ("requester_email", $"help@{Slug(customers[0])}.example"), ("priority", "High"));

        var table = store.Register(org, "table", $"CUST{block:D4}", new PipefyTable($"CUST{block:D4}", "Customers", org) { Description = "Customer companies" });
        table.TableFields.AddRange(
        [
            Field("name", "Name", "short_text", required: true),
            Field("contact_email", "Contact email", "email"),
            Field("plan", "Plan", "select", options: ["Free", "Pro", "Enterprise"]),
        ]);
        org.Tables.Add(table);
        for (var k = 0; k < 3; k++)
        {
            var record = store.Register(org, "table_record", Id(304000, k + 1), new PipefyTableRecord(Id(304000, k + 1), customers[k], table, now - TimeSpan.FromDays(30 - k), org.Me));
            record.Set(table.TableFields[0], customers[k], record.CreatedAt);
            record.Set(table.TableFields[1], $"contact@{Slug(customers[k])}.example", record.CreatedAt);
            record.Set(table.TableFields[2], k == 0 ? "Enterprise" : "Pro", record.CreatedAt);
            table.Records.Add(record);
        }

        org.EmailTemplates.Add(store.Register(org, "email_template", Id(305000, 1), new PipefyEmailTemplate(Id(305000, 1), "Proposal follow-up", sales)
        {
            Subject = "Your proposal: {{card.title}}",
            Body = "Hello {{customer_name}},\n\nFollowing up on our proposal for {{card.title}}.\n\nBest regards,\n" + name + " Sales",
            FromEmail = $"sales@{domain}",
            FromName = $"{name} Sales",
            ToEmail = "{{email}}",
            DefaultTemplate = true,
        }));
        org.EmailTemplates.Add(store.Register(org, "email_template", Id(305000, 2), new PipefyEmailTemplate(Id(305000, 2), "Welcome", sales)
        {
            Subject = $"Welcome to {name}",
            Body = "Hi {{customer_name}}, welcome aboard!",
            FromEmail = $"hello@{domain}",
            FromName = name,
            ToEmail = "{{email}}",
        }));
        store.Register(org, "organization", id, org);
        return org;
    }

    private static string Slug(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
}
