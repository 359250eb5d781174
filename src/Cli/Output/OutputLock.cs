using System.Globalization;
using System.Text;

namespace ProbSig.Cli.Output;

/// <summary>
/// An exclusive lock on an output folder for the whole run, so that a second run into the
/// same folder is refused at once (exit 2, naming the holder) instead of the two
/// corrupting each other or the last writer winning silently.
/// <para>The lock is an advisory flock on a sibling file <c>.NAME.probsig-lock</c> (.NET
/// takes it for FileShare.None on Unix). The kernel releases it when the holder exits,
/// killed or not, so a stale file never blocks a later run. The holder's description lies
/// beside it in <c>.NAME.probsig-lock.holder</c> (a locked file cannot be read from .NET:
/// any open of it asks for a flock too).</para>
/// </summary>
internal sealed class OutputLock : IDisposable
{
    private readonly FileStream stream;
    private readonly string holderFile;

    private OutputLock(FileStream stream, string holderFile)
    {
        this.stream = stream;
        this.holderFile = holderFile;
    }

    /// <summary>The lock file of output folder <paramref name="folder"/>.</summary>
    public static string LockFileOf(string folder)
    {
        var full = AtomicOutput.Full(folder);
        return Path.Combine(Path.GetDirectoryName(full) ?? full, $".{Path.GetFileName(full)}.probsig-lock");
    }

    /// <summary>Takes the lock of <paramref name="folder"/> for <paramref name="verb"/>, or refuses with the holder's description.</summary>
    /// <exception cref="CliUsageException">Another run holds the folder.</exception>
    public static OutputLock Acquire(string folder, string verb, string option = "--out")
    {
        var file = LockFileOf(folder);
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new CliUsageException(option, folder, $"is in use by another probsig run ({Holder(file + HolderSuffix)}); wait for it to end or choose another folder");
        }
        var holder = string.Create(CultureInfo.InvariantCulture,
            $"probsig {verb}, process {Environment.ProcessId} on {Environment.MachineName}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        File.WriteAllText(file + HolderSuffix, holder, Encoding.UTF8);
        return new OutputLock(stream, file + HolderSuffix);
    }

    private const string HolderSuffix = ".holder";

    /// <summary>What the holder wrote (read without taking the lock).</summary>
    private static string Holder(string file)
    {
        try
        {
            var holder = File.ReadAllText(file, Encoding.UTF8).Trim();
            return holder.Length > 0 ? holder : "holder unknown";
        }
        catch (IOException)
        {
            return "holder unknown";
        }
    }

    /// <summary>Removes the lock file, then releases the lock: in that order a run that opens
    /// the file in between is still refused, and a later one makes a fresh file.</summary>
    public void Dispose()
    {
        foreach (var file in new[] { holderFile, stream.Name })
        {
            try { File.Delete(file); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        stream.Dispose();
    }
}
