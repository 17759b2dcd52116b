using MonitorSim.Cli;
using Spectre.Console;

using System.Runtime.InteropServices;

using var cancel = new CancellationTokenSource();
// Ctrl-C and SIGTERM (what `kill`, `timeout` and service managers send) both end a run the same orderly way: the
// generator stops, worker nodes are stopped, and the reports cover what ran.
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
return await MonitorSimApp.RunAsync(args, AnsiConsole.Console, cancel.Token);
