using System.Globalization;
using System.Text.RegularExpressions;
using MonitorSim.Domain.Operations;
using MonitorSim.Domain.Storage;
using MonitorSim.Domain.Time;
using MonitorSim.Domain.Topology;
using MonitorSim.Load.Thresholds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

using MonitorSim.Load.Results;

namespace MonitorSim.Load.Scenarios;

/// <summary>A stream's <c>steps:</c>, in NBomber's vocabulary (inject, constant, ramping, iterations, pause,
/// periodic).</summary>
internal sealed partial class ScenarioReader
{
    private List<LoadStep> ReadSteps(YamlNode node, string path)
    {
        var steps = new List<LoadStep>();
        if (Sequence(node, path) is not { } seq) return steps;
        if (seq.Children.Count == 0)
        {
            Error(seq, path, "needs at least one step (periodic, inject, ramping_inject, keep_constant, ramping_constant or pause)");
            return steps;
        }

        LoadStep? previous = null;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var stepPath = $"{path}[{i}]";
            if (Mapping(seq.Children[i], stepPath) is not { } map) continue;
            var keys = Keys(map, stepPath, StepKinds);
            if (keys.Count != 1)
            {
                // With no known key, any unknown one has been reported already, with a suggestion.
                if (keys.Count > 1 || map.Children.Count == 0)
                    Error(map, stepPath, $"a step has exactly one of {string.Join(", ", StepKinds)}");
                continue;
            }

            var (kind, body) = keys.First();
            var bodyPath = $"{stepPath}.{kind}";
            var isLast = i == seq.Children.Count - 1;
            LoadStep? step = kind switch
            {
                "periodic" => ReadPeriodic(body, bodyPath, isLast),
                "inject" => ReadInject(body, bodyPath, isLast, ramping: false, previous),
                "ramping_inject" => ReadInject(body, bodyPath, isLast, ramping: true, previous),
                "inject_random" => ReadInjectRandom(body, bodyPath, isLast),
                "iterations_for_inject" => ReadIterationsForInject(body, bodyPath),
                "keep_constant" => ReadConstant(body, bodyPath, isLast, ramping: false),
                "ramping_constant" => ReadConstant(body, bodyPath, isLast, ramping: true),
                "iterations_for_constant" => ReadIterationsForConstant(body, bodyPath, isLast),
                _ => ReadPause(body, bodyPath),
            };
            if (step is not null) steps.Add(step);
            previous = step;
        }
        return steps;
    }

    private PeriodicStep? ReadPeriodic(YamlNode node, string path, bool isLast)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["every", "per", "during"]);
        var every = Required(map, keys, path, "every") is { } e ? ReadDuration(e, $"{path}.every", positive: true) : null;
        var per = Required(map, keys, path, "per") is { } p ? ReadEnum(p, $"{path}.per", Populations, "population") : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        return every is { } ev && per is { } pe && duringOk ? new PeriodicStep(ev, pe, during) : null;
    }

    private LoadStep? ReadInject(YamlNode node, string path, bool isLast, bool ramping, LoadStep? previous)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["rate", "interval", "during", "per", "arrivals"]);
        var rate = Required(map, keys, path, "rate") is { } r ? ReadDouble(r, $"{path}.rate", min: 0, exclusiveMin: false) : null;
        var interval = Required(map, keys, path, "interval") is { } iv ? ReadDuration(iv, $"{path}.interval", positive: true) : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        Population? per = null;
        var perOk = true;
        if (keys.TryGetValue("per", out var perNode))
        {
            per = ReadEnum(perNode, $"{path}.per", Populations, "population");
            perOk = per is not null;
        }
        var arrivals = keys.TryGetValue("arrivals", out var a) ? ReadEnum(a, $"{path}.arrivals", ArrivalKinds, "arrival process") : Arrivals.Uniform;

        // A ramp interpolates between two rates, which only means something if both count over the same population.
        var previousPer = previous switch
        {
            InjectStep s => (Found: true, s.Per),
            RampingInjectStep s => (Found: true, s.Per),
            _ => (Found: false, Per: (Population?)null),
        };
        if (ramping && perOk && previousPer.Found && previousPer.Per != per)
            Error(perNode ?? map, $"{path}.per",
                $"ramps from the previous step's rate, which is {DescribePer(previousPer.Per)}, but this one is {DescribePer(per)}; use the same 'per'");

        if (rate is not { } rt || interval is not { } ivl || !duringOk || !perOk || arrivals is not { } arr) return null;
        return ramping ? new RampingInjectStep(rt, ivl, during, per, arr) : new InjectStep(rt, ivl, during, per, arr);
    }

    private InjectRandomStep? ReadInjectRandom(YamlNode node, string path, bool isLast)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["min", "max", "interval", "during", "arrivals"]);
        var min = Required(map, keys, path, "min") is { } mn ? ReadDouble(mn, $"{path}.min", min: 0, exclusiveMin: false) : null;
        var max = Required(map, keys, path, "max") is { } mx ? ReadDouble(mx, $"{path}.max", min: 0, exclusiveMin: false) : null;
        var interval = Required(map, keys, path, "interval") is { } iv ? ReadDuration(iv, $"{path}.interval", positive: true) : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        var arrivals = keys.TryGetValue("arrivals", out var a) ? ReadEnum(a, $"{path}.arrivals", ArrivalKinds, "arrival process") : Arrivals.Uniform;
        if (min is { } lo && max is { } hi && hi < lo)
        {
            Error(keys["max"], $"{path}.max", $"must be >= min ({lo.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }
        if (min is not { } mi || max is not { } ma || interval is not { } ivl || !duringOk || arrivals is not { } arr) return null;
        return new InjectRandomStep(mi, ma, ivl, during, arr);
    }

    private IterationsForInjectStep? ReadIterationsForInject(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["rate", "interval", "iterations", "arrivals"]);
        var rate = Required(map, keys, path, "rate") is { } r ? ReadDouble(r, $"{path}.rate", min: 0, exclusiveMin: true) : null;
        var interval = Required(map, keys, path, "interval") is { } iv ? ReadDuration(iv, $"{path}.interval", positive: true) : null;
        var iterations = Required(map, keys, path, "iterations") is { } it ? ReadInt(it, $"{path}.iterations", min: 1) : null;
        var arrivals = keys.TryGetValue("arrivals", out var a) ? ReadEnum(a, $"{path}.arrivals", ArrivalKinds, "arrival process") : Arrivals.Uniform;
        if (rate is not { } rt || interval is not { } ivl || iterations is not { } n || arrivals is not { } arr) return null;
        return new IterationsForInjectStep(rt, ivl, n, arr);
    }

    private LoadStep? ReadConstant(YamlNode node, string path, bool isLast, bool ramping)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["copies", "during"]);
        var copies = Required(map, keys, path, "copies") is { } c ? ReadInt(c, $"{path}.copies", min: ramping ? 0 : 1) : null;
        var during = ReadDuring(map, keys, path, isLast, out var duringOk);
        if (copies is not { } n || !duringOk) return null;
        return ramping ? new RampingConstantStep(n, during) : new KeepConstantStep(n, during);
    }

    private IterationsForConstantStep? ReadIterationsForConstant(YamlNode node, string path, bool isLast)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["copies", "iterations"]);
        var copies = Required(map, keys, path, "copies") is { } c ? ReadInt(c, $"{path}.copies", min: 1) : null;
        var iterations = Required(map, keys, path, "iterations") is { } it ? ReadInt(it, $"{path}.iterations", min: 1) : null;
        if (!isLast)
            Error(map, path, "must be the stream's last step: it ends when its iterations are done, which depends on how fast the system answers");
        if (copies is not { } n || iterations is not { } m || !isLast) return null;
        return new IterationsForConstantStep(n, m);
    }

    private PauseStep? ReadPause(YamlNode node, string path)
    {
        if (Mapping(node, path) is not { } map) return null;
        var keys = Keys(map, path, ["during"]);
        return Required(map, keys, path, "during") is { } d && ReadDuration(d, $"{path}.during", positive: true) is { } during
            ? new PauseStep(during)
            : null;
    }

    private TimeSpan? ReadDuring(YamlMappingNode map, Dictionary<string, YamlNode> keys, string path, bool isLast, out bool ok)
    {
        if (keys.TryGetValue("during", out var n))
        {
            var during = ReadDuration(n, $"{path}.during", positive: true);
            ok = during is not null;
            return during;
        }
        ok = isLast;
        if (!isLast)
            Error(map, $"{path}.during", "required on every step but the last (only the last step may run to the end of the run)");
        return null;
    }
}
