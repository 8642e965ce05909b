using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modular.Plugins.Sdk;

/// <summary>
/// An operation with a typed input and output: the input schema, the form and the validation come from
/// <typeparamref name="TInput"/> (see <see cref="OperationJson"/>), the output schema from <typeparamref name="TOutput"/>,
/// and its documentation page from both. Input that breaks the schema is refused before <see cref="RunAsync(OperationContext, TInput, CancellationToken)"/> runs.
/// </summary>
public abstract class Operation<TInput, TOutput> : ConnectorOperation where TInput : class
{
    private readonly Lazy<IReadOnlyList<FieldDefinition>> _inputs = new(() => OperationJson.Fields(typeof(TInput)));

    public sealed override IReadOnlyList<FieldDefinition> Inputs => _inputs.Value;
    public sealed override JsonObject InputSchema => OperationJson.Schema(typeof(TInput));
    public sealed override JsonObject OutputSchema => OperationJson.Schema(typeof(TOutput));

    /// <summary>A script line that calls it, for the documentation page.</summary>
    public virtual string Example => $"const result = await {Id}({{}});";

    /// <summary>The vendor errors a user is likely to meet, as markdown list items.</summary>
    public virtual string Errors => "";

    public override string Documentation
    {
        get
        {
            var page = new StringBuilder();
            page.AppendLine($"# {Id}").AppendLine().AppendLine($"{DisplayName}. {Description}").AppendLine();
            page.AppendLine(Effect == OperationEffect.Read ? "Reads only: nothing changes in the connected system." : "Changes the connected system.").AppendLine();
            page.AppendLine("## Input").AppendLine();
            foreach (var input in Inputs)
                page.AppendLine($"- `{input.Key}` ({input.Kind.ToString().ToLowerInvariant()}{(input.Required ? ", required" : "")}): {input.Label}{(input.Help is null ? "" : " — " + input.Help)}{(input.OptionsFrom is null ? "" : $" (choices from `{input.OptionsFrom}`)")}");
            page.AppendLine().AppendLine("## Output").AppendLine().AppendLine("```json").AppendLine(OutputSchema.ToJsonString(Indented)).AppendLine("```").AppendLine();
            page.AppendLine("## Errors").AppendLine();
            page.AppendLine("- Input that breaks the schema fails the call before anything is sent, naming the field.");
            page.AppendLine("- A vendor error fails the call with the vendor's status, error code and message; 429 and 5xx answers are retried a few times first.");
            if (Errors.Length > 0) page.AppendLine(Errors.TrimEnd());
            page.AppendLine().AppendLine("## Example").AppendLine().AppendLine("```js").AppendLine(Example).AppendLine("```");
            return page.ToString();
        }
    }

    public sealed override async Task<JsonNode?> RunAsync(OperationContext context, JsonObject input, CancellationToken cancellationToken)
    {
        var typed = OperationJson.Bind<TInput>(input);
        var output = await RunAsync(context, typed, cancellationToken);
        return JsonSerializer.SerializeToNode(output, OperationJson.Options);
    }

    protected abstract Task<TOutput> RunAsync(OperationContext context, TInput input, CancellationToken cancellationToken);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}

/// <summary>An operation that takes no input.</summary>
public sealed record NoInput;

/// <summary>One page of a paged answer: its items, and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Paging once, for every connector: follows cursors (or offsets written as cursors) until the last page or a limit.</summary>
public static class Paging
{
    /// <summary>The items of every page from the first, at most <paramref name="maxItems"/> (and at most <paramref name="maxPages"/> requests).</summary>
    public static async Task<(List<T> Items, bool Truncated)> CollectAsync<T>(
        Func<string?, CancellationToken, Task<Page<T>>> fetch, int maxItems, CancellationToken cancellationToken, int maxPages = 100)
    {
        var items = new List<T>();
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var next = await fetch(cursor, cancellationToken);
            foreach (var item in next.Items)
            {
                if (items.Count == maxItems) return (items, true);
                items.Add(item);
            }
            // A vendor that repeats a cursor would page forever.
            if (string.IsNullOrEmpty(next.Next) || next.Next == cursor) return (items, false);
            cursor = next.Next;
        }
        return (items, true);
    }
}
