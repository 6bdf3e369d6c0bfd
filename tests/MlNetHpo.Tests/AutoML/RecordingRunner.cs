using MlNetHpo.AutoML;

namespace MlNetHpo.Tests.AutoML;

/// <summary>A custom trial runner that records each trial's parameter; trial i has loss i.</summary>
internal sealed class RecordingRunner : ITrialRunner
{
    public List<Parameter> Parameters { get; } = [];

    public Task<TrialResult> RunAsync(TrialSettings settings, CancellationToken ct)
    {
        Parameters.Add(settings.Parameter);
        return Task.FromResult(new TrialResult { TrialSettings = settings, Loss = settings.TrialId, Metric = -settings.TrialId });
    }

    public void Dispose()
    {
    }
}
