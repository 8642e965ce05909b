namespace Modular.Runs.Sandbox;

/// <summary>
/// The sandbox's side of the pipes: messages to the host on standard output, one JSON line each,
/// written whole by whichever script thread sends them. The host's messages are read from standard
/// input by <see cref="Program"/>'s loop.
/// </summary>
public sealed class SandboxConnection(TextWriter output)
{
    private readonly Lock _writeLock = new();

    public void Send(SandboxMessage message)
    {
        var line = message.ToLine();
        lock (_writeLock)
        {
            output.Write(line);
            output.Write('\n');
            output.Flush();
        }
    }
}
