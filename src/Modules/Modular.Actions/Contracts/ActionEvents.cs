namespace Modular.Actions.Contracts;

/// <summary>Published when an action is created from a template (the library keeps "Recent" from it).</summary>
public sealed record ActionCreated(Guid ActionId, string TemplateId, DateTimeOffset At);

/// <summary>Published when an action is deleted; its runs, logs and documents go with it.</summary>
public sealed record ActionDeleted(Guid ActionId, DateTimeOffset At);
