using Modular.BuildingBlocks.Http;

namespace Modular.Agents.Features;

public static class AgentRules
{
    public static void CheckNameAndDescription(string? name, string? description, Violations violations)
    {
        if (string.IsNullOrWhiteSpace(name)) violations.Add("/name", "A name is required.");
        else if (name.Trim().Length > 200) violations.Add("/name", "The name is limited to 200 characters.");
        if (description is { Length: > 5_000 }) violations.Add("/description", "The description is limited to 5,000 characters.");
    }
}
