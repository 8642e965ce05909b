using System.Text;
using Modular.Runs.Sandbox;

// The host starts this process with a clean environment and talks to it over standard input and
// output (see SandboxMessage). Scripts run one at a time on a thread with a large explicit stack;
// Jint's own guard turns deep interpreted recursion into a catchable error well before its end.
const int ScriptStackBytes = 256 * 1024 * 1024;
// After a run that left the process this large (a deep recursion commits stack pages), it ends and the host starts a fresh one.
const long RecycleAboveBytes = 768L * 1024 * 1024;

var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var host = new SandboxConnection(output);
var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 1 << 16);
var runs = new System.Collections.Concurrent.BlockingCollection<SandboxMessage>();
CancellationTokenSource? current = null;

var scripts = new Thread(() =>
{
    // A first script compiles the interpreter's common paths before any run waits on them.
    ScriptRunner.Run(new SandboxMessage
    {
        Type = "run",
        Code = "const order = JSON.parse('{\"id\": 1, \"items\": [1, 2]}'); log('warm', order.items.map(x => x * 2)); await step('warm', () => 1);",
        Limits = new SandboxLimits(TimeSpan.FromSeconds(10), 64 * 1024 * 1024, 100_000, 64, 1, 1024, 10),
    }, new SandboxConnection(TextWriter.Null), CancellationToken.None);
    foreach (var run in runs.GetConsumingEnumerable())
    {
        var stop = new CancellationTokenSource();
        Volatile.Write(ref current, stop);
        var done = ScriptRunner.Run(run, host, stop.Token);
        Volatile.Write(ref current, null);
        if (Environment.WorkingSet > RecycleAboveBytes) done = done with { Exiting = true };
        host.Send(done);
        stop.Dispose();
        if (done.Exiting == true) Environment.Exit(0);
    }
}, ScriptStackBytes)
{ Name = "script", IsBackground = true };
scripts.Start();

// Reading the host is this thread's only job, so a stop reaches a script at once, whatever it does.
while (input.ReadLine() is { } line)
{
    var message = SandboxMessage.FromLine(line);
    switch (message.Type)
    {
        case "run":
            runs.Add(message);
            break;
        case "reply":
            host.Replied(message);
            break;
        case "stop":
            try { Volatile.Read(ref current)?.Cancel(); }
            catch (ObjectDisposedException) { /* the run ended meanwhile */ }
            break;
    }
}
// The host closed the pipe (it stopped or died): nothing is left to do.
Environment.Exit(0);
