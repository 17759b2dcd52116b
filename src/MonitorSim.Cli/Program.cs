using MonitorSim.Cli;
using Spectre.Console;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await MonitorSimApp.RunAsync(args, AnsiConsole.Console, cancel.Token);
