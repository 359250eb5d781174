namespace ProbSig.Empirics.Packages;

/// <summary>A problem fetching or checking a NuGet package; the message names the package and says why.</summary>
/// <param name="message">What went wrong, naming the package.</param>
/// <param name="inner">The cause, if any.</param>
/// <param name="unavailable">True when the registry could not be reached (nothing is wrong
/// with the data; the work that needs it can only be skipped), false when what was fetched
/// is wrong (a hash that does not match, a damaged archive) or the registry refused it.</param>
public sealed class NuGetPackageException(string message, Exception? inner = null, bool unavailable = false) : Exception(message, inner)
{
    /// <summary>The registry could not be reached; see the constructor.</summary>
    public bool Unavailable { get; } = unavailable;
}
