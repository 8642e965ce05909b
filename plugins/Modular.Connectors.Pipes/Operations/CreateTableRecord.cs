using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Modular.Plugins.Sdk;

namespace Modular.Connectors.Pipes.Operations;

public sealed record CreateTableRecordInput(
    [property: Required, Display(Name = "Table", Description = "The id of the database table."), OptionsFrom("listTables")] string TableId,
    [property: MaxLength(1000), Display(Name = "Title", Description = "The record's title.")] string? Title = null,
    [property: Display(Name = "Field values", Description = "Values by the table's field ids, e.g. { \"company\": \"Acme\" }.")] Dictionary<string, JsonNode?>? Fields = null);

public sealed record CreatedTableRecord(string RecordId, string? Title, string? Url);

/// <summary><c>pipes.createTableRecord</c> (create_table_record): createTableRecord.</summary>
public sealed class CreateTableRecord : Operation<CreateTableRecordInput, CreatedTableRecord>
{
    private const string Mutation = """
        mutation ($input: CreateTableRecordInput!) {
          createTableRecord(input: $input) { table_record { id title url } }
        }
        """;

    public override string Id => "pipes.createTableRecord";
    public override string DisplayName => "Create a table record";
    public override string Description => "Adds a record to a database table, with field values by field id.";
    public override string Example => """const record = await pipes.createTableRecord({ tableId: config.tableId, title: input.company, fields: { company: input.company, city: input.city } });""";
    public override string Errors => """
        - A required field left out, or a value its field refuses, fails the call with Pipefy's message for that field.
        - `RESOURCE_NOT_FOUND` / `RECORD_NOT_FOUND`: no table has this id, or no field of it has a given field id.
        - `PERMISSION_DENIED`: the token's user may not add records to this table.
        """;

    protected override async Task<CreatedTableRecord> RunAsync(OperationContext context, CreateTableRecordInput input, CancellationToken cancellationToken)
    {
        var record = new JsonObject { ["table_id"] = input.TableId.Trim(), ["fields_attributes"] = PipesGraphQL.FieldsAttributes(input.Fields) };
        if (!string.IsNullOrWhiteSpace(input.Title)) record["title"] = input.Title;
        var payload = PipesGraphQL.Payload(await PipesGraphQL.MutateAsync(context, Mutation, new JsonObject { ["input"] = record }, cancellationToken), "createTableRecord");
        var created = payload["table_record"] ?? throw new ConnectorCallException("Pipes answered createTableRecord without the record: it was not created.");
        return new CreatedTableRecord(PipesGraphQL.Text(created, "id") ?? "", PipesGraphQL.Text(created, "title"), PipesGraphQL.Text(created, "url"));
    }
}
