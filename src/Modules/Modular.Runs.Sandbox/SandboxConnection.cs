namespace Modular.Runs.Sandbox;

/// <summary>
/// The sandbox's side of the pipes: messages to the host on standard output, one JSON line each;
/// the host's messages read from standard input by <see cref="Program"/>'s loop, which hands replies
/// to the waiting call and stop requests to the running script.
/// </summary>
public sealed class SandboxConnection(TextWriter output)
{
    private readonly Lock _writeLock = new();
    private TaskCompletionSource<SandboxMessage>? _pendingCall;

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

    /// <summary>Sends a call to the host and waits for its reply (the script is synchronous meanwhile).</summary>
    public SandboxMessage Call(SandboxMessage call, CancellationToken cancellation)
    {
        var reply = new TaskCompletionSource<SandboxMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pendingCall, reply);
        Send(call);
        try
        {
            return reply.Task.WaitAsync(cancellation).GetAwaiter().GetResult();
        }
        finally
        {
            Volatile.Write(ref _pendingCall, null);
        }
    }

    public void Replied(SandboxMessage reply) => Volatile.Read(ref _pendingCall)?.TrySetResult(reply);
}
