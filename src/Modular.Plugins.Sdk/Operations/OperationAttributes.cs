namespace Modular.Plugins.Sdk;

/// <summary>A text input shown as a multi-line box (a message, a body): up to 20,000 characters unless limited.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class LongTextAttribute : Attribute;

/// <summary>
/// The input's choices come from another operation of the same connector run with the action's account
/// (Slack channels, HubSpot pipelines): the console shows them as a dropdown. The named operation returns
/// an <see cref="OptionList"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OptionsFromAttribute(string operationName) : Attribute
{
    /// <summary>The operation's name within its connector (<c>listChannels</c>), or its full id.</summary>
    public string OperationName { get; } = operationName;
}

/// <summary>Whether an operation only reads the connected system or also changes it (the chat and the console say so).</summary>
public enum OperationEffect
{
    Read,
    Write,
}

/// <summary>One choice of a dynamic dropdown.</summary>
public sealed record OptionItem(string Value, string Label);

/// <summary>What an options operation returns: the choices, and whether there were more than it lists.</summary>
public sealed record OptionList(IReadOnlyList<OptionItem> Options, bool Truncated = false);
