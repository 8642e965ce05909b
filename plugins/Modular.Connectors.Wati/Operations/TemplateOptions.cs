using Modular.Plugins.Sdk;

namespace Modular.Connectors.Wati.Operations;

/// <summary><c>wati.templateOptions</c>: the approved templates, for a dropdown.</summary>
public sealed class TemplateOptions : Operation<NoInput, OptionList>
{
    public override string Id => "wati.templateOptions";
    public override string DisplayName => "Approved templates as choices";
    public override string Description => "Lists the approved message templates (the only ones that can be sent) as choices: their name, with their language and category.";
    public override OperationEffect Effect => OperationEffect.Read;
    public override string Example => """const { options } = await wati.templateOptions({});""";
    public override string Errors => """
        - `401 UNAUTHORIZED`: the access token is not valid (rotated, expired, or from another tenant); reconnect the account.
        """;

    protected override async Task<OptionList> RunAsync(OperationContext context, NoInput input, CancellationToken cancellationToken)
    {
        var (templates, truncated) = await ListTemplates.AllAsync(context, 1000, cancellationToken);
        var options = templates
            .Where(t => t.Name.Length > 0 && string.Equals(t.Status, "APPROVED", StringComparison.OrdinalIgnoreCase))
            .Select(t => new OptionItem(t.Name, string.Join(" · ", new[] { t.Name, t.Language, t.Category }.Where(s => !string.IsNullOrEmpty(s)))))
            .ToList();
        return new OptionList(options, truncated);
    }
}
