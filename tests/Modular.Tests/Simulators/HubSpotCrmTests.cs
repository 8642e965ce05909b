using System.Net;
using System.Text.Json;
using Modular.Testing;

namespace Modular.Tests.Simulators;

/// <summary>
/// The HubSpot simulator's CRM v3/v4 API over HTTP, under <c>/hubspot/api</c>: objects, search, associations,
/// pipelines, owners, errors, scopes and rate limits. Each test writes unique data, so none depends on another.
/// </summary>
public sealed class HubSpotCrmTests(SimulatorFixture simulators) : IClassFixture<SimulatorFixture>
{
    private const string StaticToken = "demo-hubspot-token";
    private const string Contacts = "hubspot/api/crm/v3/objects/contacts";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
    private HttpClient Http => simulators.Http;

    private static string Email(string who, string domain = "acme.example") => $"{VendorCalls.Unique(who)}@{domain}";

    private Task<JsonElement> CreateContactAsync(string token, string email, string firstname = "Test") =>
        Http.JsonAsync(HttpMethod.Post, Contacts, token, new { properties = new { email, firstname, lastname = "Person" } }, HttpStatusCode.Created);

    private Task<JsonElement> SearchAsync(string token, string type, object body) =>
        Http.JsonAsync(HttpMethod.Post, $"hubspot/api/crm/v3/objects/{type}/search", token, body);

    private static object ByEmail(string email) =>
        new { filterGroups = new[] { new { filters = new[] { new { propertyName = "email", @operator = "EQ", value = email } } } } };

    private static void ShouldBeHubSpotError(JsonElement body, string category)
    {
        body.Text("status").ShouldBe("error");
        body.Text("category").ShouldBe(category);
        body.Text("message").ShouldNotBeNullOrWhiteSpace();
        Guid.TryParse(body.Text("correlationId"), out _).ShouldBeTrue();
    }

    private async Task RoundTripAsync(string token, string domain)
    {
        var email = Email("round", domain);

        var created = await CreateContactAsync(token, email, "Round");
        var id = created.Text("id");
        created.GetProperty("archived").GetBoolean().ShouldBeFalse();
        var properties = created.GetProperty("properties");
        properties.Text("email").ShouldBe(email);
        properties.Text("hs_object_id").ShouldBe(id);
        properties.Text("createdate").ShouldBe(created.Text("createdAt"));
        properties.Text("lastmodifieddate").ShouldNotBeNullOrEmpty();
        DateTimeOffset.Parse(created.Text("updatedAt"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));

        var found = await SearchAsync(token, "contacts", ByEmail(email));
        found.GetProperty("total").GetInt32().ShouldBe(1);
        found.GetProperty("results")[0].Text("id").ShouldBe(id);
        found.TryGetProperty("paging", out _).ShouldBeFalse();

        var read = await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/{id}?properties=email,jobtitle", token);
        read.GetProperty("properties").Text("email").ShouldBe(email);
        read.GetProperty("properties").GetProperty("jobtitle").ValueKind.ShouldBe(JsonValueKind.Null);
        read.GetProperty("properties").TryGetProperty("firstname", out _).ShouldBeFalse();
        (await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/{Uri.EscapeDataString(email)}?idProperty=email", token)).Text("id").ShouldBe(id);

        var updated = await Http.JsonAsync(HttpMethod.Patch, $"{Contacts}/{id}", token, new { properties = new { jobtitle = "Buyer", firstname = "" } });
        updated.GetProperty("properties").Text("jobtitle").ShouldBe("Buyer");
        updated.GetProperty("properties").TryGetProperty("firstname", out _).ShouldBeFalse();
        (await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/{id}", token)).GetProperty("properties").GetProperty("firstname").ValueKind.ShouldBe(JsonValueKind.Null);

        var company = await Http.JsonAsync(HttpMethod.Post, "hubspot/api/crm/v3/objects/companies", token,
            new { properties = new { name = VendorCalls.Unique("Round Co"), domain = "round.example" } }, HttpStatusCode.Created);
        var companyId = company.Text("id");
        var associated = await Http.JsonAsync(HttpMethod.Put, $"hubspot/api/crm/v4/objects/contacts/{id}/associations/default/companies/{companyId}", token);
        associated.Text("status").ShouldBe("COMPLETE");
        var result = associated.GetProperty("results")[0];
        result.GetProperty("from").Text("id").ShouldBe(id);
        result.GetProperty("to").Text("id").ShouldBe(companyId);
        result.GetProperty("associationSpec").Text("associationCategory").ShouldBe("HUBSPOT_DEFINED");
        result.GetProperty("associationSpec").GetProperty("associationTypeId").GetInt32().ShouldBe(279);

        var links = (await Http.JsonAsync(HttpMethod.Get, $"hubspot/api/crm/v4/objects/contacts/{id}/associations/companies", token)).GetProperty("results");
        links.GetArrayLength().ShouldBe(1);
        links[0].GetProperty("toObjectId").GetInt64().ShouldBe(long.Parse(companyId, System.Globalization.CultureInfo.InvariantCulture));
        var type = links[0].GetProperty("associationTypes")[0];
        type.Text("category").ShouldBe("HUBSPOT_DEFINED");
        type.GetProperty("typeId").GetInt32().ShouldBe(279);
        type.GetProperty("label").ValueKind.ShouldBe(JsonValueKind.Null);
        // HubSpot keeps the association both ways.
        var back = (await Http.JsonAsync(HttpMethod.Get, $"hubspot/api/crm/v4/objects/companies/{companyId}/associations/contacts", token)).GetProperty("results");
        back[0].GetProperty("toObjectId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(id);
        back[0].GetProperty("associationTypes")[0].GetProperty("typeId").GetInt32().ShouldBe(280);
        var withAssociations = await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/{id}?associations=companies", token);
        withAssociations.GetProperty("associations").GetProperty("companies").GetProperty("results")[0].Text("id").ShouldBe(companyId);
    }

    [Fact]
    public async Task Create_search_read_update_and_associate_with_the_private_app_token()
    {
        await RoundTripAsync(StaticToken, "acme.example");
    }

    [Fact]
    public async Task Create_search_read_update_and_associate_with_an_OAuth_token()
    {
        await RoundTripAsync(await VendorCalls.HubSpotTokenAsync(Http, "Globex (portal 1002)"), "globex.example");
    }

    [Fact]
    public async Task Associations_come_with_a_create_by_v3_type_name_and_by_v4_label()
    {
        // Portal 1002: portal 1001's demo deals stay as seeded for the demo-data test.
        var token = await VendorCalls.HubSpotTokenAsync(Http, "Globex (portal 1002)");
        var contact = (await CreateContactAsync(token, Email("assoc", "globex.example"))).Text("id");

        var deal = await Http.JsonAsync(HttpMethod.Post, "hubspot/api/crm/v3/objects/0-3", token, new
        {
            properties = new { dealname = VendorCalls.Unique("Deal"), amount = 1200, dealstage = "qualifiedtobuy", closedate = "2025-06-30" },
            associations = new[] { new { to = new { id = contact }, types = new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 3 } } } },
        }, HttpStatusCode.Created);
        deal.GetProperty("properties").Text("pipeline").ShouldBe("default");
        deal.GetProperty("properties").Text("amount").ShouldBe("1200");
        deal.GetProperty("properties").Text("closedate").ShouldBe("2025-06-30T00:00:00.000Z");
        var dealId = deal.Text("id");
        var fromContact = (await Http.JsonAsync(HttpMethod.Get, $"hubspot/api/crm/v4/objects/contact/{contact}/associations/deal", token)).GetProperty("results");
        fromContact[0].GetProperty("toObjectId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(dealId);
        fromContact[0].GetProperty("associationTypes")[0].GetProperty("typeId").GetInt32().ShouldBe(4);

        var company = (await Http.JsonAsync(HttpMethod.Post, "hubspot/api/crm/v3/objects/companies", token, new { properties = new { name = VendorCalls.Unique("Co") } }, HttpStatusCode.Created)).Text("id");
        var v3 = await Http.JsonAsync(HttpMethod.Put, $"hubspot/api/crm/v3/objects/contacts/{contact}/associations/companies/{company}/contact_to_company", token);
        v3.Text("id").ShouldBe(contact);
        v3.GetProperty("associations").GetProperty("companies").GetProperty("results")[0].Text("type").ShouldBe("contact_to_company");
        var labelled = await Http.JsonAsync(HttpMethod.Put, $"hubspot/api/crm/v4/objects/deals/{dealId}/associations/companies/{company}", token,
            new[] { new { associationCategory = "HUBSPOT_DEFINED", associationTypeId = 5 } }, HttpStatusCode.Created);
        labelled.GetProperty("labels").Strings().ShouldBe(["Primary"]);
        var primary = (await Http.JsonAsync(HttpMethod.Get, $"hubspot/api/crm/v4/objects/deals/{dealId}/associations/companies", token)).GetProperty("results")[0];
        primary.GetProperty("associationTypes")[0].Text("label").ShouldBe("Primary");

        (await Http.CallAsync(HttpMethod.Delete, $"hubspot/api/crm/v4/objects/deals/{dealId}/associations/companies/{company}", token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Http.JsonAsync(HttpMethod.Get, $"hubspot/api/crm/v4/objects/companies/{company}/associations/deals", token)).GetProperty("results").GetArrayLength().ShouldBe(0);
        (await Http.CallAsync(HttpMethod.Put, $"hubspot/api/crm/v4/objects/contacts/{contact}/associations/default/companies/999", token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_answer_carries_the_rate_limit_headers()
    {
        using var response = await Http.CallAsync(HttpMethod.Get, $"{Contacts}?limit=1", await VendorCalls.HubSpotTokenAsync(Http));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-HubSpot-RateLimit-Interval-Milliseconds").Single().ShouldBe("10000");
        response.Headers.GetValues("X-HubSpot-RateLimit-Max").Single().ShouldBe("100");
        response.Headers.GetValues("X-HubSpot-RateLimit-Remaining").Single().ShouldBe("99");
    }

    [Fact]
    public async Task Two_portals_never_see_each_others_contacts()
    {
        var globex = await VendorCalls.HubSpotTokenAsync(Http, "Globex (portal 1002)");
        var acmeDemo = await Http.JsonAsync(HttpMethod.Get, $"{Contacts}?limit=100", StaticToken);
        var globexDemo = await Http.JsonAsync(HttpMethod.Get, $"{Contacts}?limit=100", globex);
        // The demo contacts come first (ids in order): each portal's are at its own domain.
        var acmeEmails = acmeDemo.GetProperty("results").EnumerateArray().Take(12).Select(c => c.GetProperty("properties").Text("email")).ToList();
        var globexEmails = globexDemo.GetProperty("results").EnumerateArray().Take(12).Select(c => c.GetProperty("properties").Text("email")).ToList();
        acmeEmails.ShouldAllBe(e => e.EndsWith("@acme.example"));
        globexEmails.ShouldAllBe(e => e.EndsWith("@globex.example"));
        acmeEmails.Count.ShouldBe(12);
        globexEmails.Count.ShouldBe(12);

        var email = Email("isolated", "globex.example");
        var id = (await CreateContactAsync(globex, email)).Text("id");

        ShouldBeHubSpotError(await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/{id}", StaticToken, status: HttpStatusCode.NotFound), "OBJECT_NOT_FOUND");
        (await SearchAsync(StaticToken, "contacts", ByEmail(email))).GetProperty("total").GetInt32().ShouldBe(0);
        // The same email is free in the other portal.
        (await CreateContactAsync(StaticToken, email)).Text("id").ShouldNotBe(id);
        (await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/{id}", globex)).GetProperty("properties").Text("email").ShouldBe(email);
    }

    [Fact]
    public async Task The_demo_portal_has_contacts_companies_deals_owners_and_the_default_pipeline()
    {
        var token = await VendorCalls.HubSpotTokenAsync(Http);

        var first = await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/1001000001", token);
        first.GetProperty("properties").Text("email").ShouldBe("alice.johnson@acme.example");
        var companies = await Http.JsonAsync(HttpMethod.Get, "hubspot/api/crm/v3/objects/companies?limit=4", token);
        companies.GetProperty("results")[0].GetProperty("properties").Text("name").ShouldBe("Initech");
        companies.GetProperty("results")[0].GetProperty("properties").Text("domain").ShouldBe("initech.example");
        var deals = await Http.JsonAsync(HttpMethod.Get, "hubspot/api/crm/v3/objects/0-3?limit=100", token);
        var stages = deals.GetProperty("results").EnumerateArray().Select(d => d.GetProperty("properties")).ToList();
        stages.Count.ShouldBe(10);
        stages.ShouldAllBe(p => p.GetProperty("pipeline").GetString() == "default" && p.GetProperty("amount").GetString() != null && p.GetProperty("closedate").GetString() != null);
        stages.Select(p => p.Text("dealstage")).Distinct().Count().ShouldBe(7);

        var pipelines = await Http.JsonAsync(HttpMethod.Get, "hubspot/api/crm/v3/pipelines/deals", token);
        var pipeline = pipelines.GetProperty("results")[0];
        pipeline.Text("id").ShouldBe("default");
        pipeline.Text("label").ShouldBe("Sales Pipeline");
        var stageIds = pipeline.GetProperty("stages").EnumerateArray().Select(s => s.Text("id")).ToList();
        stageIds[0].ShouldBe("appointmentscheduled");
        stageIds.ShouldContain("closedwon");
        stageIds.ShouldContain("closedlost");
        pipeline.GetProperty("stages")[0].Text("label").ShouldBe("Appointment Scheduled");
        pipeline.GetProperty("stages")[0].GetProperty("metadata").Text("probability").ShouldBe("0.2");

        var owners = await Http.JsonAsync(HttpMethod.Get, "hubspot/api/crm/v3/owners?limit=1", token);
        var owner = owners.GetProperty("results")[0];
        owner.Text("email").ShouldEndWith("@acme.example");
        owner.Text("firstName").ShouldBe("Ada");
        owner.GetProperty("userId").GetInt64().ShouldBe(2001);
        owner.GetProperty("archived").GetBoolean().ShouldBeFalse();
        var after = owners.GetProperty("paging").GetProperty("next").Text("after");
        var rest = await Http.JsonAsync(HttpMethod.Get, $"hubspot/api/crm/v3/owners?limit=1&after={after}", token);
        rest.GetProperty("results").GetArrayLength().ShouldBe(1);
        rest.TryGetProperty("paging", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task Listing_pages_to_the_end_and_the_next_link_is_the_next_page()
    {
        var token = await VendorCalls.HubSpotTokenAsync(Http, "Globex (portal 1002)");
        var ids = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Http.JsonAsync(HttpMethod.Get, OAuthFlow.Url(Contacts, ("limit", "5"), ("after", after)), token);
            var results = page.GetProperty("results");
            results.GetArrayLength().ShouldBeLessThanOrEqualTo(5);
            ids.AddRange(results.EnumerateArray().Select(r => r.Text("id")));
            foreach (var result in results.EnumerateArray())
                result.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order()
                    .ShouldBe(["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]);
            after = page.TryGetProperty("paging", out var paging) ? paging.GetProperty("next").Text("after") : null;
            if (after is not null)
            {
                var link = paging.GetProperty("next").Text("link");
                var linked = await Http.JsonAsync(HttpMethod.Get, link, token);
                linked.GetProperty("results")[0].Text("id").ShouldBe(after);
            }
            pages++;
        }
        while (after is not null && pages < 50);

        ids.Count.ShouldBeGreaterThanOrEqualTo(12);
        ids.Distinct().Count().ShouldBe(ids.Count);
        ids.ShouldBe([.. ids.OrderBy(long.Parse)]);
        var all = await SearchAsync(token, "contacts", new { limit = 200 });
        all.GetProperty("total").GetInt32().ShouldBe(ids.Count);
    }

    [Fact]
    public async Task Search_filters_as_numbers_and_dates_sorts_and_pages()
    {
        var token = await VendorCalls.HubSpotTokenAsync(Http);

        var big = await SearchAsync(token, "deals", new
        {
            filterGroups = new[] { new { filters = new[] { new { propertyName = "amount", @operator = "GT", value = "5000" } } } },
            sorts = new[] { new { propertyName = "amount", direction = "DESCENDING" } },
            properties = new[] { "dealname", "amount" },
            limit = 3,
        });
        big.GetProperty("total").GetInt32().ShouldBe(7);
        big.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("properties").Text("amount")).ShouldBe(["12750", "11500", "10250"]);
        big.GetProperty("results")[0].GetProperty("properties").TryGetProperty("dealstage", out _).ShouldBeFalse();
        var next = big.GetProperty("paging").GetProperty("next").Text("after");
        var second = await SearchAsync(token, "deals", new
        {
            filterGroups = new[] { new { filters = new[] { new { propertyName = "amount", @operator = "GT", value = "5000" } } } },
            sorts = new[] { new { propertyName = "amount", direction = "DESCENDING" } },
            limit = 3,
            after = next,
        });
        second.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("properties").Text("amount")).ShouldBe(["9000", "7750", "6500"]);

        // Groups are ORed, filters ANDed; closedate compares as an instant given in epoch milliseconds.
        var from = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var to = new DateTimeOffset(2025, 4, 30, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mixed = await SearchAsync(token, "deals", new
        {
            filterGroups = new object[]
            {
                new { filters = new object[] { new { propertyName = "closedate", @operator = "BETWEEN", value = from, highValue = to } } },
                new { filters = new object[] { new { propertyName = "dealstage", @operator = "IN", values = new[] { "closedwon", "closedlost" } }, new { propertyName = "amount", @operator = "LTE", value = 8000 } } },
            },
            sorts = new[] { "dealname" },
            properties = new[] { "dealname", "dealstage", "closedate" },
        });
        // The second and third deals close in March and April; the sixth (closedwon, 7750) is the only closed one at or under 8000.
        mixed.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("properties").Text("dealname"))
            .ShouldBe(["Hooli pilot", "Umbrella onboarding", "Umbrella support plan"]);

        var text = await SearchAsync(token, "deals", new { query = "hooli" });
        text.GetProperty("total").GetInt32().ShouldBe(3);

        var tokens = await SearchAsync(token, "contacts", new
        {
            filterGroups = new[] { new { filters = new object[] { new { propertyName = "email", @operator = "CONTAINS_TOKEN", value = "*@acme.example" }, new { propertyName = "lastname", @operator = "EQ", value = "JOHNSON" } } } },
        });
        tokens.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("properties").Text("email")).ShouldBe(["alice.johnson@acme.example"]);
    }

    [Fact]
    public async Task Too_many_filter_groups_or_filters_in_a_group_is_a_validation_error()
    {
        var token = await VendorCalls.HubSpotTokenAsync(Http);
        var filter = new { propertyName = "email", @operator = "HAS_PROPERTY" };

        (await SearchAsync(token, "contacts", new { filterGroups = Enumerable.Range(0, 5).Select(_ => new { filters = Enumerable.Repeat(filter, 3) }), limit = 1 }))
            .GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(12);
        var groups = await (await Http.CallAsync(HttpMethod.Post, $"{Contacts}/search", token, new { filterGroups = Enumerable.Range(0, 6).Select(_ => new { filters = new[] { filter } }) })).JsonAsync(HttpStatusCode.BadRequest);
        ShouldBeHubSpotError(groups, "VALIDATION_ERROR");
        var filters = await (await Http.CallAsync(HttpMethod.Post, $"{Contacts}/search", token, new { filterGroups = new[] { new { filters = Enumerable.Repeat(filter, 7) } } })).JsonAsync(HttpStatusCode.BadRequest);
        ShouldBeHubSpotError(filters, "VALIDATION_ERROR");
        var limit = await (await Http.CallAsync(HttpMethod.Post, $"{Contacts}/search", token, new { limit = 201 })).JsonAsync(HttpStatusCode.BadRequest);
        ShouldBeHubSpotError(limit, "VALIDATION_ERROR");
    }

    [Fact]
    public async Task Bad_input_gets_HubSpots_error_bodies()
    {
        var token = await VendorCalls.HubSpotTokenAsync(Http);

        var unknown = await (await Http.CallAsync(HttpMethod.Post, Contacts, token, new { properties = new { email = Email("bad"), favourite_colour = "teal" } })).JsonAsync(HttpStatusCode.BadRequest);
        ShouldBeHubSpotError(unknown, "VALIDATION_ERROR");
        unknown.Text("message").ShouldStartWith("Property values were not valid: [{\"isValid\":false");
        var error = unknown.GetProperty("errors")[0];
        error.Text("code").ShouldBe("PROPERTY_DOESNT_EXIST");
        error.Text("message").ShouldBe("Property \"favourite_colour\" does not exist");
        error.GetProperty("context").GetProperty("propertyName").Strings().ShouldBe(["favourite_colour"]);

        var email = Email("dupe");
        var existing = (await CreateContactAsync(token, email)).Text("id");
        var conflict = await (await Http.CallAsync(HttpMethod.Post, Contacts, token, new { properties = new { email = email.ToUpperInvariant() } })).JsonAsync(HttpStatusCode.Conflict);
        ShouldBeHubSpotError(conflict, "CONFLICT");
        conflict.Text("message").ShouldBe($"Contact already exists. Existing ID: {existing}");

        var missing = await (await Http.CallAsync(HttpMethod.Get, $"{Contacts}/999", token)).JsonAsync(HttpStatusCode.NotFound);
        ShouldBeHubSpotError(missing, "OBJECT_NOT_FOUND");
        missing.Text("message").ShouldBe("Object not found.  objectId are usually numeric.");
        (await Http.CallAsync(HttpMethod.Patch, $"{Contacts}/999", token, new { properties = new { firstname = "X" } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var stage = await (await Http.CallAsync(HttpMethod.Post, "hubspot/api/crm/v3/objects/deals", token, new { properties = new { dealname = "X", dealstage = "won" } })).JsonAsync(HttpStatusCode.BadRequest);
        stage.GetProperty("errors")[0].Text("code").ShouldBe("INVALID_OPTION");
        var json = await (await Http.CallAsync(HttpMethod.Post, Contacts, token, rawJson: "{\"properties\":")).JsonAsync(HttpStatusCode.BadRequest);
        ShouldBeHubSpotError(json, "VALIDATION_ERROR");
        json.Text("message").ShouldStartWith("Invalid input JSON");
    }

    [Fact]
    public async Task Archiving_hides_the_object_from_reads_lists_and_searches()
    {
        var token = await VendorCalls.HubSpotTokenAsync(Http);
        var email = Email("archived");
        var id = (await CreateContactAsync(token, email)).Text("id");

        (await Http.CallAsync(HttpMethod.Delete, $"{Contacts}/{id}", token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Http.CallAsync(HttpMethod.Get, $"{Contacts}/{id}", token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await SearchAsync(token, "contacts", ByEmail(email))).GetProperty("total").GetInt32().ShouldBe(0);
        var archived = await Http.JsonAsync(HttpMethod.Get, $"{Contacts}/{id}?archived=true", token);
        archived.GetProperty("archived").GetBoolean().ShouldBeTrue();
        archived.Text("archivedAt").ShouldNotBeNullOrEmpty();
        (await Http.JsonAsync(HttpMethod.Get, $"{Contacts}?archived=true", token)).GetProperty("results").EnumerateArray().Select(r => r.Text("id")).ShouldContain(id);
        // Its email is free again.
        await CreateContactAsync(token, email);
    }

    [Fact]
    public async Task A_token_without_the_write_scope_may_read_contacts_but_not_create_them()
    {
        var token = await VendorCalls.HubSpotTokenAsync(Http, scopes: "oauth crm.objects.contacts.read");

        (await Http.CallAsync(HttpMethod.Get, $"{Contacts}?limit=1", token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await (await Http.CallAsync(HttpMethod.Post, Contacts, token, new { properties = new { email = Email("scopeless") } })).JsonAsync(HttpStatusCode.Forbidden);

        ShouldBeHubSpotError(refused, "MISSING_SCOPES");
        refused.Text("message").ShouldStartWith("This app hasn't been granted all required scopes to make this call.");
        refused.GetProperty("errors")[0].GetProperty("context").GetProperty("requiredGranularScopes").Strings().ShouldBe(["crm.objects.contacts.write"]);
        (await Http.CallAsync(HttpMethod.Get, "hubspot/api/crm/v3/objects/deals", token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_expired_and_revoked_tokens_get_401()
    {
        // Its own simulators: revoking every grant would pull the rug from under the other tests.
        await using var host = await SimulatorHost.StartAsync();
        using var http = OAuthFlow.Client(host);

        var unknown = await (await http.CallAsync(HttpMethod.Get, Contacts, "not-a-token")).JsonAsync(HttpStatusCode.Unauthorized);
        ShouldBeHubSpotError(unknown, "INVALID_AUTHENTICATION");
        unknown.Text("message").ShouldStartWith("Authentication credentials not found.");
        ShouldBeHubSpotError(await (await http.CallAsync(HttpMethod.Get, Contacts, token: null)).JsonAsync(HttpStatusCode.Unauthorized), "INVALID_AUTHENTICATION");

        var expiring = await VendorCalls.HubSpotTokenAsync(http);
        (await http.CallAsync(HttpMethod.Get, Contacts, expiring)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await http.PostAsync("_simulator/hubspot/expire-access-tokens", null, Cancel);
        ShouldBeHubSpotError(await (await http.CallAsync(HttpMethod.Get, Contacts, expiring)).JsonAsync(HttpStatusCode.Unauthorized), "EXPIRED_AUTHENTICATION");

        var revoked = await VendorCalls.HubSpotTokenAsync(http, "Globex (portal 1002)");
        (await http.CallAsync(HttpMethod.Get, Contacts, revoked)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await http.PostAsync("_simulator/hubspot/revoke-all", null, Cancel);
        ShouldBeHubSpotError(await (await http.CallAsync(HttpMethod.Get, Contacts, revoked)).JsonAsync(HttpStatusCode.Unauthorized), "INVALID_AUTHENTICATION");
        (await http.CallAsync(HttpMethod.Get, Contacts, StaticToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Past_the_burst_and_search_limits_a_token_gets_HubSpots_429s()
    {
        await using var host = await SimulatorHost.StartAsync(new Dictionary<string, string?>
        {
            ["Simulators:HubSpot:TenSecondlyLimit"] = "3",
            ["Simulators:HubSpot:SearchPerSecond"] = "2",
        });
        using var http = OAuthFlow.Client(host);

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await http.CallAsync(HttpMethod.Get, $"{Contacts}?limit=1", StaticToken);
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            remaining.Add(ok.Headers.GetValues("X-HubSpot-RateLimit-Remaining").Single());
        }
        remaining.ShouldBe(["2", "1", "0"]);
        using var limited = await http.CallAsync(HttpMethod.Get, $"{Contacts}?limit=1", StaticToken);
        int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 10);
        var body = await limited.JsonAsync(HttpStatusCode.TooManyRequests);
        body.Text("status").ShouldBe("error");
        body.Text("errorType").ShouldBe("RATE_LIMIT");
        body.Text("policyName").ShouldBe("TEN_SECONDLY_ROLLING");
        body.Text("message").ShouldBe("You have reached your ten secondly limit.");
        body.Text("correlationId").ShouldNotBeNullOrEmpty();
        body.Text("requestId").ShouldNotBeNullOrEmpty();

        // Another token has a budget of its own; of three searches at once, the third in the second is one too many.
        var other = await VendorCalls.HubSpotTokenAsync(http);
        var searches = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => http.CallAsync(HttpMethod.Post, $"{Contacts}/search", other, new { limit = 1 })));
        searches.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(2);
        var searchLimited = searches.Single(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        searchLimited.Headers.GetValues("Retry-After").Single().ShouldBe("1");
        (await searchLimited.JsonAsync(HttpStatusCode.TooManyRequests)).Text("message").ShouldBe("You have reached your secondly limit.");
        foreach (var search in searches) search.Dispose();
    }

    [Fact]
    public void A_limit_that_is_not_a_positive_number_stops_the_app_at_start() =>
        Should.Throw<InvalidOperationException>(() => Modular.Simulators.SimulatorApp.Build([], new Dictionary<string, string?> { ["Simulators:HubSpot:SearchPerSecond"] = "fast" }));
}
