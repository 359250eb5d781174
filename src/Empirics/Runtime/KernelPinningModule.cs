using System.Runtime.CompilerServices;

namespace ProbSig.Empirics.Runtime;

/// <summary>
/// Pins libtorch's CPU kernels (<see cref="KernelPinning"/>) as soon as this assembly is
/// touched: ATen reads its variable once, at its first vectorised operation, and code may
/// make a tensor before it calls <see cref="TorchRuntime.Initialise"/>.
/// </summary>
internal static class KernelPinningModule
{
#pragma warning disable CA2255 // A library module initializer is the point: it must run before any tensor exists.
    [ModuleInitializer]
    internal static void Pin() => KernelPinning.Apply();
#pragma warning restore CA2255
}
