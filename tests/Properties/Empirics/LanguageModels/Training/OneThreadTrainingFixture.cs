using NUnit.Framework;
using ProbSig.Empirics.Runtime;
using TorchSharp;

namespace ProbSig.Tests.Properties.Empirics.LanguageModels.Training;

/// <summary>
/// Shared set-up of the training fixtures: one libtorch thread while they run, and a fresh
/// temporary folder per test (<see cref="Root"/>) for checkpoints.
/// </summary>
/// <remarks>
/// One thread because on a machine shared with other work two threads were measured up to 20
/// times slower (a 1 s test took 56 s), and one thread changes nothing the tests check. The
/// process's setting is restored afterwards.
/// </remarks>
public abstract class OneThreadTrainingFixture
{
    private int threads;

    /// <summary>This test's temporary folder, removed after it.</summary>
    protected string Root { get; private set; } = "";

    /// <summary>Prefix of the temporary folder's name, saying which fixture made it.</summary>
    protected abstract string RootPrefix { get; }

    [OneTimeSetUp]
    public void PinOneThread()
    {
        TorchRuntime.Initialise();
        threads = torch.get_num_threads();
        torch.set_num_threads(1);
    }

    [OneTimeTearDown]
    public void RestoreThreads() => torch.set_num_threads(threads);

    [SetUp]
    public void MakeRoot() => Root = Directory.CreateTempSubdirectory(RootPrefix).FullName;

    [TearDown]
    public void RemoveRoot() => Directory.Delete(Root, recursive: true);
}
