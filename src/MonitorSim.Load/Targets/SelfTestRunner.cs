using System.Diagnostics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MonitorSim.Domain.Operations;
using MonitorSim.Load.Engine;
using MonitorSim.Load.Scenarios;

namespace MonitorSim.Load.Targets;

/// <summary>Runs a self-test target for one stream: each <see cref="Start"/> begins an operation whose outcome goes to
/// the observer. Called from the generator thread only.</summary>
public abstract class SelfTestRunner : IDisposable
{
    public abstract void Start(in OpTicket ticket);

    /// <summary>What the target knows it did that the engine must agree with (e.g. requests it never answered), for the
    /// run's events; null when there is nothing to say.</summary>
    public virtual string? Account => null;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the target holds (its completion line); nothing for a target that answers at once.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The runner for a target spec; <paramref name="seed"/> makes random service times repeatable.</summary>
    public static SelfTestRunner Create(TargetSpec spec, IOperationObserver observer, int seed) => spec switch
    {
        NoopTarget => new NoopRunner(observer),
        FixedDelayTarget f => new FixedDelayRunner(observer, f),
        QueueTarget q => new QueueRunner(observer, q, seed),
        StallTarget s => new StallRunner(observer, s),
        _ => throw new ArgumentException($"no runner for target {spec.Name}", nameof(spec)),
    };

    internal static OpOutcome Done(in OpTicket ticket) => new(ticket, OperationKind.Keepalive, OpStatus.Ok, Stopwatch.GetTimestamp());
}

/// <summary>Answers at once on the caller's thread.</summary>
internal sealed class NoopRunner(IOperationObserver observer) : SelfTestRunner
{
    public override void Start(in OpTicket ticket) => observer.OnCompleted(Done(ticket));
}

/// <summary>Answers a fixed time after the operation started, all operations concurrently.</summary>
internal sealed class FixedDelayRunner(IOperationObserver observer, FixedDelayTarget spec) : SelfTestRunner
{
    private readonly DelayLine _line = new(observer, "target-fixed-delay");
    private readonly long _delay = LoadPlanner.Ticks(spec.Delay);

    public override void Start(in OpTicket ticket) => _line.CompleteAt(ticket, ticket.Started + _delay);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _line.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// First come, first served with c workers. Each arrival's completion is computed when it arrives — it starts when the
/// earliest-free worker is free, and takes a sampled service time — and is then answered at that moment in real time.
/// This is the queue exactly (no worker threads to schedule), so its measured response time can be held against theory.
/// </summary>
internal sealed class QueueRunner : SelfTestRunner
{
    private readonly DelayLine _line;
    private readonly long[] _freeAt;
    private readonly Func<double> _serviceSeconds;

    public QueueRunner(IOperationObserver observer, QueueTarget spec, int seed)
    {
        _line = new DelayLine(observer, "target-queue");
        _freeAt = new long[Math.Max(1, spec.Workers)];
        var rng = new MersenneTwister(seed, threadSafe: false);
        var mean = spec.ServiceTime.Mean.TotalSeconds;
        var cv = spec.ServiceTime.Cv;
        _serviceSeconds = spec.ServiceTime.Distribution switch
        {
            ServiceDistribution.Deterministic => () => mean,
            ServiceDistribution.Exponential => () => Exponential.Sample(rng, 1 / mean),
            _ => LogNormalSampler(rng, mean, cv),
        };
    }

    private static Func<double> LogNormalSampler(Random rng, double mean, double cv)
    {
        var sigma2 = Math.Log(1 + cv * cv);
        var mu = Math.Log(mean) - sigma2 / 2;
        return () => LogNormal.Sample(rng, mu, Math.Sqrt(sigma2));
    }

    public override void Start(in OpTicket ticket)
    {
        var w = 0;
        for (var i = 1; i < _freeAt.Length; i++) if (_freeAt[i] < _freeAt[w]) w = i;
        var begin = Math.Max(ticket.Started, _freeAt[w]);
        var done = begin + (long)(_serviceSeconds() * Stopwatch.Frequency);
        _freeAt[w] = done;
        _line.CompleteAt(ticket, done);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _line.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// Answers after <see cref="StallTarget.Delay"/>, except that for <see cref="StallTarget.For"/> at the end of every
/// <see cref="StallTarget.Every"/> it stops: a caller arriving then is held until the stall ends. A generator that waits
/// for its caller would hide this (its late operations look fast from their actual start); response time from the
/// intended start shows it. A silent stall holds nobody: it takes what arrives and never answers it, and counts it, so
/// that a run can check its timeouts against what the target knows it swallowed.
/// </summary>
internal sealed class StallRunner : SelfTestRunner
{
    private readonly IOperationObserver _observer;
    private readonly DelayLine? _line;
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly long _every, _for, _delay;
    private readonly bool _silent;
    private long _swallowed;

    public StallRunner(IOperationObserver observer, StallTarget spec)
    {
        _observer = observer;
        _every = LoadPlanner.Ticks(spec.Every);
        _for = LoadPlanner.Ticks(spec.For);
        _delay = LoadPlanner.Ticks(spec.Delay);
        _silent = spec.Silent;
        if (_delay > 0) _line = new DelayLine(observer, "target-stall");
    }

    public override void Start(in OpTicket ticket)
    {
        // Stalls occupy [k·every − for, k·every) for k ≥ 1: the first one ends one period after the start.
        var now = Stopwatch.GetTimestamp();
        var phase = (now - _origin) % _every;
        if (now - _origin >= _every - _for && phase >= _every - _for)
        {
            if (_silent)
            {
                _swallowed++;
                return;
            }
            var resume = now + (_every - phase);
            while (Stopwatch.GetTimestamp() < resume) Thread.Sleep(1);
        }
        if (_line is null) _observer.OnCompleted(Done(ticket));
        else _line.CompleteAt(ticket, Stopwatch.GetTimestamp() + _delay);
    }

    public override string? Account => _silent ? $"took {_swallowed:N0} operations during its stalls and answered none of them" : null;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _line?.Dispose();
        base.Dispose(disposing);
    }
}
