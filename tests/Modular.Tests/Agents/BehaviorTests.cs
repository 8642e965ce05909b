using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modular.Tests.Agents;

/// <summary>The rules of 003 ("AI Behavior Actions"), each broken once.</summary>
public sealed class BehaviorTests(PlatformFixture platform)
{
    private const string P = "/behaviors/0/actionParams/aiBehaviorParams";
    private const string MoveRef = "88eb26bc-c838-41a7-a8f7-4f6c3df337a4";
    private const string UpdateRef = "63637099-d172-4196-b46a-1864ed61e685";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, Guid Agent)> NewAgent()
    {
        var client = await platform.NewWorkspaceClientAsync();
        var agent = await (await client.PostAsJsonAsync("/api/agents", new { name = "Triage agent" }, Cancel)).ReadJsonAsync();
        return (client, agent.GetProperty("id").GetGuid());
    }

    /// <summary>A valid behaviour in the documents' own example values.</summary>
    private static JsonObject Behavior() => JsonNode.Parse($$"""
        {
          "name": "Triage new cards",
          "eventId": "card_created",
          "actionParams": { "aiBehaviorParams": {
            "instruction": "Summarise the card with %{action:{{UpdateRef}}}, then move it with %{action:{{MoveRef}}}.",
            "actionsAttributes": [
              { "name": "Move to Review", "actionType": "move_card", "referenceId": "{{MoveRef}}",
                "metadata": { "destinationPhaseId": "342876484", "pipeId": "307108581" } },
              { "name": "Fill summary fields", "actionType": "update_card", "referenceId": "{{UpdateRef}}",
                "metadata": { "fieldsAttributes": [
                  { "fieldId": "428299825", "inputMode": "fill_with_ai", "value": "" },
                  { "fieldId": "428299828", "inputMode": "fixed_value", "value": "Reviewed" },
                  { "fieldId": "428299830", "inputMode": "copy_from", "value": "413928300" } ] } }
            ] } }
        }
        """)!.AsObject();

    private static Task<HttpResponseMessage> Save(HttpClient client, Guid agent, int version, params JsonNode[] behaviors) =>
        client.PutAsJsonAsync($"/api/agents/{agent}/behaviors", new { behaviors = new JsonArray(behaviors), version }, Cancel);

    private static JsonObject Action(JsonObject behavior, int index) =>
        behavior["actionParams"]!["aiBehaviorParams"]!["actionsAttributes"]![index]!.AsObject();

    [Fact]
    public async Task Saves_a_valid_behaviour_giving_new_actions_ids_and_keeps_them_on_update()
    {
        var (client, agent) = await NewAgent();

        var saved = await (await Save(client, agent, 1, Behavior())).ReadJsonAsync();
        var behavior = saved.GetProperty("working").GetProperty("behaviors")[0];
        var actions = behavior.GetProperty("actionParams").GetProperty("aiBehaviorParams").GetProperty("actionsAttributes");
        var moveId = actions[0].GetProperty("id").GetString()!;
        Guid.TryParse(moveId, out _).ShouldBeTrue();
        actions[1].GetProperty("metadata").GetProperty("fieldsAttributes").GetArrayLength().ShouldBe(3);

        // Sending the ids back updates the same behaviour and action; an action without id is new.
        var update = Behavior();
        update["id"] = behavior.GetProperty("id").GetString();
        Action(update, 0)["id"] = moveId;
        Action(update, 0)["name"] = "Move to Done";
        var updated = await (await Save(client, agent, 2, update)).ReadJsonAsync();
        var after = updated.GetProperty("working").GetProperty("behaviors")[0];
        after.GetProperty("id").GetString().ShouldBe(behavior.GetProperty("id").GetString());
        var afterActions = after.GetProperty("actionParams").GetProperty("aiBehaviorParams").GetProperty("actionsAttributes");
        afterActions[0].GetProperty("id").GetString().ShouldBe(moveId);
        afterActions[0].GetProperty("name").GetString().ShouldBe("Move to Done");
        afterActions[1].GetProperty("id").GetString().ShouldNotBe(actions[1].GetProperty("id").GetString());

        var history = await (await client.GetAsync($"/api/agents/{agent}/history", Cancel)).ReadJsonAsync();
        history[0].GetProperty("kind").GetString().ShouldBe("behaviors");
        history[0].GetProperty("changes")[0].GetProperty("field").GetString().ShouldBe("working");
    }

    public static TheoryData<string, string, string> BrokenRules => new()
    {
        { "instruction without any reference", "instruction=Do the usual.", $"{P}/instruction" },
        { "an action the instruction does not reference", $"instruction=Move it with %{{action:{MoveRef}}}.", $"{P}/actionsAttributes/1/referenceId" },
        { "a reference to an unknown action", $"instruction=%{{action:{MoveRef}}} %{{action:{UpdateRef}}} %{{action:11111111-1111-1111-1111-111111111111}}", $"{P}/instruction" },
        { "a referenceId that is not a UUID", "0.referenceId=move-1", $"{P}/actionsAttributes/0/referenceId" },
        { "an unknown actionType", "0.actionType=delete_card", $"{P}/actionsAttributes/0/actionType" },
        { "an action without name", "0.name=", $"{P}/actionsAttributes/0/name" },
        { "move_card without destinationPhaseId", "0.metadata.destinationPhaseId=", $"{P}/actionsAttributes/0/metadata/destinationPhaseId" },
        { "move_card without pipeId", "0.metadata.pipeId=", $"{P}/actionsAttributes/0/metadata/pipeId" },
        { "update_card without fieldsAttributes", "1.metadata.fieldsAttributes=[]", $"{P}/actionsAttributes/1/metadata/fieldsAttributes" },
        { "fixed_value without value", "1.metadata.fieldsAttributes.1.value=", $"{P}/actionsAttributes/1/metadata/fieldsAttributes/1/value" },
        { "copy_from without value", "1.metadata.fieldsAttributes.2.value=", $"{P}/actionsAttributes/1/metadata/fieldsAttributes/2/value" },
        { "fill_with_ai with a value", "1.metadata.fieldsAttributes.0.value=Something", $"{P}/actionsAttributes/1/metadata/fieldsAttributes/0/value" },
        { "an unknown inputMode", "1.metadata.fieldsAttributes.0.inputMode=guess", $"{P}/actionsAttributes/1/metadata/fieldsAttributes/0/inputMode" },
        { "a field attribute without fieldId", "1.metadata.fieldsAttributes.0.fieldId=", $"{P}/actionsAttributes/1/metadata/fieldsAttributes/0/fieldId" },
        { "an action id not of this behaviour", "0.id=9b2f4a1e-0000-4000-8000-000000000000", $"{P}/actionsAttributes/0/id" },
        { "a behaviour id not of this agent", "id=9b2f4a1e-0000-4000-8000-000000000001", "/behaviors/0/id" },
        { "a behaviour without name", "name=", "/behaviors/0/name" },
        { "a behaviour without trigger event", "eventId=", "/behaviors/0/eventId" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task Every_rule_of_003_is_enforced_with_a_json_pointer(string rule, string edit, string pointer)
    {
        var (client, agent) = await NewAgent();
        var behavior = Behavior();
        Apply(behavior, edit);

        var response = await Save(client, agent, 1, behavior);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        errors.TryGetProperty(pointer, out _).ShouldBeTrue($"{rule}: expected an error at {pointer}, got {errors}");
        var stored = await (await client.GetAsync($"/api/agents/{agent}", Cancel)).ReadJsonAsync();
        stored.GetProperty("working").GetProperty("behaviors").GetArrayLength().ShouldBe(0);
        stored.GetProperty("version").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("create_card", "pipeId")]
    [InlineData("create_connected_card", "pipeId")]
    [InlineData("create_table_record", "tableId")]
    [InlineData("send_email_template", "emailTemplateId")]
    public async Task Each_action_type_needs_its_metadata(string actionType, string field)
    {
        var (client, agent) = await NewAgent();
        var behavior = Behavior();
        Action(behavior, 0)["actionType"] = actionType;
        Action(behavior, 0)["metadata"] = new JsonObject();

        var errors = (await (await Save(client, agent, 1, behavior)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");

        errors.TryGetProperty($"{P}/actionsAttributes/0/metadata/{field}", out _).ShouldBeTrue(errors.ToString());
    }

    [Fact]
    public async Task Optional_metadata_is_optional()
    {
        var (client, agent) = await NewAgent();
        var behavior = Behavior();
        Action(behavior, 0)["actionType"] = "create_card";
        Action(behavior, 0)["metadata"] = new JsonObject { ["pipeId"] = "306422123", ["destinationPhaseId"] = "" };
        Action(behavior, 1)["actionType"] = "send_email_template";
        Action(behavior, 1)["metadata"] = new JsonObject { ["emailTemplateId"] = "309545798", ["allowTemplateModifications"] = true };

        (await Save(client, agent, 1, behavior)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Duplicate_reference_ids_and_every_other_violation_are_reported_together()
    {
        var (client, agent) = await NewAgent();
        var behavior = Behavior();
        Action(behavior, 1)["referenceId"] = MoveRef;
        Action(behavior, 0)["actionType"] = "teleport_card";
        behavior["eventId"] = "";

        var errors = (await (await Save(client, agent, 1, behavior)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");

        errors.GetProperty($"{P}/actionsAttributes/1/referenceId")[0].GetString()!.ShouldContain("already used");
        errors.TryGetProperty($"{P}/actionsAttributes/0/actionType", out _).ShouldBeTrue();
        errors.TryGetProperty("/behaviors/0/eventId", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Values_of_the_wrong_json_type_are_violations_not_server_errors()
    {
        var (client, agent) = await NewAgent();
        var behavior = Behavior();
        Action(behavior, 0)["referenceId"] = 42;
        Action(behavior, 1)["metadata"]!["fieldsAttributes"] = "all of them";
        behavior["actionParams"]!["aiBehaviorParams"]!["instruction"] = new JsonArray();

        var errors = (await (await Save(client, agent, 1, behavior)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors");

        errors.TryGetProperty($"{P}/actionsAttributes/0/referenceId", out _).ShouldBeTrue();
        errors.TryGetProperty($"{P}/actionsAttributes/1/metadata/fieldsAttributes", out _).ShouldBeTrue();
        errors.TryGetProperty($"{P}/instruction", out _).ShouldBeTrue();
        await (await client.PutAsJsonAsync($"/api/agents/{agent}/behaviors", new { behaviors = "none", version = 1 }, Cancel)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    /// <summary>Edits like "0.metadata.pipeId=" (empty = blank string), "instruction=...", "1.metadata.fieldsAttributes=[]".</summary>
    private static void Apply(JsonObject behavior, string edit)
    {
        var (path, value) = (edit[..edit.IndexOf('=')], edit[(edit.IndexOf('=') + 1)..]);
        var parts = path.Split('.');
        JsonNode target = behavior;
        if (parts[0] == "instruction") target = behavior["actionParams"]!["aiBehaviorParams"]!;
        else if (int.TryParse(parts[0], out var index)) { target = Action(behavior, index); parts = parts[1..]; }
        foreach (var part in parts[..^1])
            target = int.TryParse(part, out var i) ? target[i]! : target[part]!;
        JsonNode? node = value == "[]" ? new JsonArray() : JsonValue.Create(value);
        if (int.TryParse(parts[^1], out var last)) target[last] = node;
        else target[parts[^1]] = node;
    }
}
