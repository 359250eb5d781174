using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace ProbSig.Tests.Properties.Support;

/// <summary>
/// Runs an FsCheck property inside a plain NUnit [Test] with a stated configuration.
/// The replay seed is fixed per property so a run is reproducible; on failure FsCheck's
/// message includes the seed and the shrunk counter-example.
/// </summary>
public static class PropertyCheck
{
    /// <summary>Default number of random cases per property.</summary>
    public const int DefaultCases = 100;

    /// <summary>Checks <paramref name="property"/> over <paramref name="cases"/> cases, throwing on failure.</summary>
    public static void Run(Property property, int cases = DefaultCases, ulong seed = 20250924)
    {
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));
        Check.One(config, property);
    }
}
