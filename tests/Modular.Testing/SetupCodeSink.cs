using Serilog.Core;
using Serilog.Events;

namespace Modular.Testing;

/// <summary>Reads the one-time setup code from the host's log, where a person starting the host reads it.</summary>
public sealed class SetupCodeSink : ILogEventSink
{
    private volatile string? _code;

    public string? Code => _code;

    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Properties.TryGetValue("SetupCode", out var value) && value is ScalarValue { Value: string code }) _code = code;
    }
}
