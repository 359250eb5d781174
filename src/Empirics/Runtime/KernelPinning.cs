using System.Runtime.InteropServices;

namespace ProbSig.Empirics.Runtime;

/// <summary>
/// Chooses libtorch's CPU kernels before libtorch loads, so that the same seed gives the
/// same figures on machines whose CPUs differ in vector width.
/// <para>Why: ATen compiles its vectorised kernels (reductions, softmax, norms, AdamW's
/// element-wise updates) for several instruction sets and picks the widest the CPU has.
/// AVX-512 and AVX2 kernels add in a different order, and 400 training steps carry the
/// last-bit differences into every figure: measured on one AMD EPYC (Zen 5) machine, the
/// LM claims gave C11 0.2485 with the AVX-512 kernels and 0.0545 with the AVX2 ones (C10
/// 0.4196 against 0.4293), and the AVX2 run reproduced to every printed digit the figures
/// measured earlier on a machine without AVX-512. Pinning AVX2, which every x86-64 CPU of
/// the last ten years has, cost nothing measurable (LM training 20,261 against 20,750
/// tokens/s on one thread; the linear model's 600 steps 1.25 s against 1.26 s).</para>
/// <para>MKL (linked into libtorch) is left alone: on this AMD machine it runs one generic
/// code path whatever MKL_ENABLE_INSTRUCTIONS says, its CNR mode (MKL_CBWR=AVX2) gave the
/// same float32 weights, and for float64 it made the weights depend on the thread count.
/// On an Intel CPU MKL dispatches ISA-specific kernels; set MKL_CBWR yourself there (the
/// README says what is and is not known).</para>
/// A value the user set is never replaced.
/// </summary>
public static class KernelPinning
{
    /// <summary>ATen's variable: "default" (no SIMD), "avx2" or "avx512" on x86-64.</summary>
    public const string AtenVariable = "ATEN_CPU_CAPABILITY";

    /// <summary>The kernels ProbSig asks for when the user has not chosen.</summary>
    public const string PinnedCapability = "avx2";

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnv(string name, string value, int overwrite);

    /// <summary>
    /// Sets ATEN_CPU_CAPABILITY to avx2 on x86-64 Linux when it is unset, in the native
    /// environment that libtorch reads (.NET's own copy of the environment is not what
    /// getenv sees). Must run before the first libtorch call; later calls change nothing.
    /// </summary>
    /// <returns>The capability in force for this process ("native" when none is pinned).</returns>
    public static string Apply()
    {
        var chosen = Environment.GetEnvironmentVariable(AtenVariable);
        if (!string.IsNullOrEmpty(chosen)) return chosen;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return "native";
        // ATen does not check the CPU when the variable is set: asking for AVX2 on a CPU
        // without it (or without FMA, which ATen's AVX2 kernels also use) would crash.
        if (!CpuHasAvx2Fma()) return "native";
        try
        {
            if (SetEnv(AtenVariable, PinnedCapability, 0) != 0) return "native";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return "native";
        }
        // Child processes (the CLI tests start `probsig`) inherit .NET's copy.
        Environment.SetEnvironmentVariable(AtenVariable, PinnedCapability);
        return PinnedCapability;
    }

    /// <summary>
    /// Where figures were computed, as far as it decides their last bits: CPU model and
    /// vendor (MKL's kernels depend on it), ATen's kernels, MKL_CBWR, the core count.
    /// </summary>
    public static string Describe()
    {
        var aten = Environment.GetEnvironmentVariable(AtenVariable) is { Length: > 0 } a ? a : "native";
        var cbwr = Environment.GetEnvironmentVariable("MKL_CBWR") is { Length: > 0 } c ? c : "unset";
        return $"{CpuInfo("model name") ?? "unknown CPU"} ({CpuInfo("vendor_id") ?? "unknown vendor"}, {RuntimeInformation.ProcessArchitecture}), " +
               $"ATen kernels {aten}, MKL_CBWR {cbwr}, {Environment.ProcessorCount} cores";
    }

    /// <summary>
    /// What decides the last bits of a CPU figure, as a key: CPU vendor (MKL picks its
    /// kernels by vendor), architecture, ATen's kernels and MKL_CBWR. Equal keys give
    /// bit-identical figures for one seed (measured; see the README).
    /// </summary>
    public static string KernelKey()
    {
        var aten = Environment.GetEnvironmentVariable(AtenVariable) is { Length: > 0 } a ? a : "native";
        var cbwr = Environment.GetEnvironmentVariable("MKL_CBWR") is { Length: > 0 } c ? c : "unset";
        return $"{CpuInfo("vendor_id") ?? "unknown"} {RuntimeInformation.ProcessArchitecture} aten={aten} mkl_cbwr={cbwr}";
    }

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
