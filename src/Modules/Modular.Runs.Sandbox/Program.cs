using System.Collections.Concurrent;
using System.Text;
using Modular.Runs.Sandbox;

// The host starts this process with a clean environment and talks to it over standard input and
// output (see SandboxMessage). This thread reads the host's messages; the script threads run the
// runs, many at once: a run waiting on a connector call holds no thread, so a stop or a reply is
// read at once, whatever the scripts do.
// After a run that left the process this large (a deep recursion commits stack pages), the process
// takes no further runs, and the host ends it once its runs have ended.
const long RetireAboveBytes = 768L * 1024 * 1024;
// Reading the working set costs more than a trivial run, and committing that much stack takes far longer than this.
var checkSizeAfter = TimeSpan.FromMilliseconds(5);
// More threads than cores: a script busy computing keeps its thread until its limits end it, and the others go on.
var threadCount = Math.Max(4, 2 * Environment.ProcessorCount);

var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var host = new SandboxConnection(output);
var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 1 << 16);
var threads = new ScriptThreads(threadCount);
var runs = new ConcurrentDictionary<int, RunningScript>();
var retiring = false;

void Ended(RunningScript run, SandboxMessage _)
{
    runs.TryRemove(run.Message.RunId, out RunningScript? _);
    if (run.ExhaustedHeap || run.Elapsed >= checkSizeAfter && Environment.WorkingSet > RetireAboveBytes) retiring = true;
    // Told after every run once retiring: the host may have sent this process a run meanwhile.
    if (retiring) host.Send(new SandboxMessage { Type = "retiring" });
}

// A first script compiles the interpreter's common paths before any run waits on them.
using (var warmed = new ManualResetEventSlim())
{
    new RunningScript(new SandboxMessage
    {
        Type = "run",
        Code = "const order = JSON.parse('{\"id\": 1, \"items\": [1, 2]}'); log('warm', order.items.map(x => x * 2)); await step('warm', () => 1);",
        Limits = new SandboxLimits(TimeSpan.FromSeconds(10), 64 * 1024 * 1024, 100_000, 64, 1, 1024, 10),
    }, new SandboxConnection(TextWriter.Null), threads.Schedule, (_, _) => warmed.Set()).Begin();
    warmed.Wait();
}
host.Send(new SandboxMessage { Type = SandboxMessage.Ready });

// The host closed the pipe (it stopped or died): nothing is left to do.
while (input.ReadLine() is { } line)
{
    var message = SandboxMessage.FromLine(line);
    switch (message.Type)
    {
        case "run":
            var run = new RunningScript(message, host, threads.Schedule, Ended);
            runs[message.RunId] = run;
            run.Begin();
            break;
        case "reply" when runs.TryGetValue(message.RunId, out var waiting):
            waiting.Replied(message);
            break;
        case "stop" when runs.TryGetValue(message.RunId, out var running):
            running.Stop();
            break;
    }
}
