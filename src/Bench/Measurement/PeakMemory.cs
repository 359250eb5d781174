using System.Diagnostics;

namespace ProbSig.Bench.Measurement;

/// <summary>
/// The peak of the process's resident memory during a piece of work, above what it held when
/// the work began: sampled every few milliseconds on a background thread (Linux reports a
/// process-lifetime peak only, which cannot be reset between sizes).
/// </summary>
public sealed class PeakMemory : IDisposable
{
    private readonly long baseline;
    private long peak;
    private readonly Thread sampler;
    private volatile bool stop;

    private PeakMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        baseline = Resident();
        peak = baseline;
        sampler = new Thread(() =>
        {
            while (!stop)
            {
                long now = Resident();
                if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
                Thread.Sleep(5);
            }
        }) { IsBackground = true, Name = "bench memory sampler" };
        sampler.Start();
    }

    /// <summary>Starts sampling.</summary>
    public static PeakMemory Start() => new();

    /// <summary>Bytes above the baseline at the highest sample so far.</summary>
    public long PeakAboveBaseline => Math.Max(0, Interlocked.Read(ref peak) - baseline);

    /// <summary>Stops the sampler.</summary>
    public void Dispose()
    {
        stop = true;
        sampler.Join();
        long now = Resident();
        if (now > peak) peak = now;
    }

    private static long Resident()
    {
        using var p = Process.GetCurrentProcess();
        return p.WorkingSet64;
    }
}
