using System.Runtime.InteropServices;

namespace ProbSig.Empirics.Runtime;

/// <summary>
/// Chooses libtorch's CPU kernels before libtorch loads, so that one seed gives the same
/// figures whatever the CPU's vector width and whatever else the process did before.
/// <para>ATen (ATEN_CPU_CAPABILITY=avx2): ATen compiles its vectorised kernels (reductions,
/// softmax, norms, AdamW's element-wise updates) for several instruction sets and picks the
/// widest the CPU has. AVX-512 and AVX2 kernels add in a different order, and 400 training
/// steps carry the last-bit differences into every figure: measured on one AMD EPYC (Zen 5)
/// machine, the LM claims gave C11 0.2485 with the AVX-512 kernels and 0.0545 with the AVX2
/// ones (C10 0.4196 against 0.4293), and the AVX2 run reproduced to every printed digit the
/// figures measured earlier on a machine without AVX-512. Cost: none measurable (LM training
/// 20,261 against 20,750 tokens/s on one thread; the linear model 1.25 s against 1.26 s).</para>
/// <para>MKL (MKL_CBWR=AVX2, its conditional numerical reproducibility mode): without it
/// MKL's float64 products depended on the state of the process (allocation history, which
/// thread ran the job), not only on the inputs: C2's seed 0 gave 0.768464 when C2 ran alone
/// and 0.768188 inside a whole `verify`, on the same machine with the same thread count.
/// With MKL_CBWR=AVX2 both gave 0.768464, on one core and on two. Cost: none measurable for
/// float32 LM training (the same weights as without it, too); for float64 with two intra-op
/// threads the split then depends on the thread count (the claims train on one thread per
/// job). COMPATIBLE, the only branch MKL documents as equal on Intel and other CPUs, halved
/// LM training speed (9,925 against 20,750 tokens/s) and is not used.</para>
/// Only on x86-64 Linux CPUs with AVX2 and FMA, and a value the user set is never replaced.
/// </summary>
public static class KernelPinning
{
    /// <summary>ATen's variable: "default" (no SIMD), "avx2" or "avx512" on x86-64.</summary>
    public const string AtenVariable = "ATEN_CPU_CAPABILITY";

    /// <summary>MKL's conditional numerical reproducibility branch.</summary>
    public const string MklVariable = "MKL_CBWR";

    /// <summary>The ATen kernels ProbSig asks for when the user has not chosen.</summary>
    public const string PinnedCapability = "avx2";

    /// <summary>The MKL branch ProbSig asks for when the user has not chosen.</summary>
    public const string PinnedMklBranch = "AVX2";

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Sets ATEN_CPU_CAPABILITY=avx2 and MKL_CBWR=AVX2, each where it is unset, in the native
    /// environment that libtorch reads (.NET's own copy of the environment is not what getenv
    /// sees). Must run before the first libtorch call; later calls change nothing.
    /// </summary>
    /// <returns>The ATen capability in force for this process ("native" when none is set).</returns>
    public static string Apply()
    {
        // ATen and MKL do not check the CPU when asked: AVX2 (and FMA, which ATen's AVX2
        // kernels also use) on a CPU without it would crash, so pin only where it exists.
        bool pinnable = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && CpuHasAvx2Fma();
        if (pinnable) Pin(MklVariable, PinnedMklBranch);
        var aten = Environment.GetEnvironmentVariable(AtenVariable);
        if (!string.IsNullOrEmpty(aten)) return aten;
        return pinnable && Pin(AtenVariable, PinnedCapability) ? PinnedCapability : "native";
    }

    /// <summary>Sets <paramref name="name"/> unless the user already has; true when it now holds <paramref name="value"/> by our doing.</summary>
    private static bool Pin(string name, string value)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) return false;
        try
        {
            if (SetEnv(name, value, 0) != 0) return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        // Child processes (the CLI tests start `probsig`) inherit .NET's copy.
        Environment.SetEnvironmentVariable(name, value);
        return true;
    }

    /// <summary>
    /// Where figures were computed, as far as it decides their last bits: CPU model and
    /// vendor (MKL's kernels depend on it), ATen's kernels, MKL_CBWR, the core count.
    /// </summary>
    public static string Describe() =>
        $"{CpuInfo("model name") ?? "unknown CPU"} ({CpuInfo("vendor_id") ?? "unknown vendor"}, {RuntimeInformation.ProcessArchitecture}), " +
        $"ATen kernels {Aten}, MKL_CBWR {Cbwr}, {Environment.ProcessorCount} cores";

    /// <summary>
    /// What decides the last bits of a CPU figure, as a key: CPU vendor and model (MKL picks
    /// its kernels by them), architecture, ATen's kernels and MKL_CBWR. Equal keys gave
    /// bit-identical figures for one seed (measured; see the README).
    /// </summary>
    public static string KernelKey() =>
        $"{CpuInfo("vendor_id") ?? "unknown"} {CpuInfo("model name") ?? "unknown"} {RuntimeInformation.ProcessArchitecture} aten={Aten} mkl_cbwr={Cbwr}";

    /// <summary>ATen's kernels in force: the variable's value, or "native" when unset.</summary>
    private static string Aten => Environment.GetEnvironmentVariable(AtenVariable) is { Length: > 0 } a ? a : "native";

    /// <summary>MKL's branch in force: the variable's value, or "unset".</summary>
    private static string Cbwr => Environment.GetEnvironmentVariable(MklVariable) is { Length: > 0 } c ? c : "unset";

    private static string? CpuInfo(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
                if (line.Length == 0) break;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>True when /proc/cpuinfo lists both avx2 and fma.</summary>
    public static bool CpuHasAvx2Fma()
    {
        var flags = (CpuInfo("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return flags.Contains("avx2") && flags.Contains("fma");
    }
}
