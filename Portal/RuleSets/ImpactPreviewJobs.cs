using System.Collections.Concurrent;
using Microsoft.Extensions.Localization;

namespace PolicyEngine.Portal.RuleSets;

public enum ImpactJobStatus
{
    /// <summary>Waiting for an earlier preview to finish.</summary>
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>
/// One impact preview running in the background. The progress fields are written by the job and
/// read by requests, so they are read and written with <see cref="Volatile"/>.
/// </summary>
public sealed class ImpactPreviewJob(string id, ImpactPreviewPlan plan, string startedBy, DateTimeOffset startedAt)
{
    private int _done;
    private int _total = -1;
    private int _status = (int)ImpactJobStatus.Queued;

    public string Id => id;

    public ImpactPreviewPlan Plan => plan;

    public string StartedBy => startedBy;

    public DateTimeOffset StartedAt => startedAt;

    public ImpactJobStatus Status => (ImpactJobStatus)Volatile.Read(ref _status);

    public int Done => Volatile.Read(ref _done);

    /// <summary>Decisions to decide again, or null until the job has counted them.</summary>
    public int? Total => Volatile.Read(ref _total) is >= 0 and var total ? total : null;

    /// <summary>The finished preview; null until <see cref="Status"/> is <see cref="ImpactJobStatus.Completed"/>.</summary>
    public ImpactPreview? Result { get; private set; }

    /// <summary>Why the job failed; null unless <see cref="Status"/> is <see cref="ImpactJobStatus.Failed"/>.</summary>
    public string? Error { get; private set; }

    public bool Finished => Status is ImpactJobStatus.Completed or ImpactJobStatus.Failed;

    internal void ReportProgress(int done, int total)
    {
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _done, done);
    }

    internal void MarkRunning() => Volatile.Write(ref _status, (int)ImpactJobStatus.Running);

    internal void Complete(ImpactPreview result)
    {
        Result = result;
        Volatile.Write(ref _status, (int)ImpactJobStatus.Completed);
    }

    internal void Fail(string error)
    {
        Error = error;
        Volatile.Write(ref _status, (int)ImpactJobStatus.Failed);
    }
}

/// <summary>
/// Runs impact previews in the background, one at a time so that a long preview cannot take
/// every core, and keeps the most recent <see cref="MaxKeptJobs"/> in memory for their pages.
/// Jobs are lost when the portal restarts; their results were never stored.
/// </summary>
public sealed partial class ImpactPreviewJobs(
    ImpactPreviewService service,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    IStringLocalizer<ImpactPreviewJobs> text,
    ILogger<ImpactPreviewJobs> logger)
{
    public const int MaxKeptJobs = 50;

    /// <summary>Previews that may wait or run at once; more are rejected, so that requests cannot pile up work.</summary>
    public const int MaxPendingJobs = 10;

    private readonly ConcurrentDictionary<string, ImpactPreviewJob> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _runLock = new(1, 1);

    /// <summary>
    /// Checks the request and starts a preview of <paramref name="version"/> of <paramref name="name"/>,
    /// or returns the status and message of the problem.
    /// </summary>
    public async Task<(ImpactPreviewJob? Job, EditStatus Status, string? Message)> StartAsync(
        string name, int version, string actor, CancellationToken cancellationToken)
    {
        if (_jobs.Values.Count(j => !j.Finished) >= MaxPendingJobs)
        {
            return (null, EditStatus.Conflict, text[
                "{0} impact previews are already queued or running. Wait for one to finish and start again.", MaxPendingJobs]);
        }

        var (plan, status, message) = await service.PrepareAsync(name, version, cancellationToken);
        if (plan is null)
        {
            return (null, status, message);
        }

        var job = new ImpactPreviewJob(Guid.NewGuid().ToString("N"), plan, actor, timeProvider.GetUtcNow());
        RemoveOldestFinished();
        _jobs[job.Id] = job;
        LogQueued(job.Id, name, version, actor);

        // The job outlives the request that started it; it stops only when the portal stops.
        // NOTE: the job inherits the request's language, so its messages stay in the language of
        // the user who started it, even for a reader who chose another language.
        _ = Task.Run(() => RunAsync(job, lifetime.ApplicationStopping), CancellationToken.None);
        return (job, EditStatus.Done, null);
    }

    /// <summary>Returns the job with <paramref name="id"/>, or null when there is none or it was removed.</summary>
    public ImpactPreviewJob? Get(string id) => _jobs.GetValueOrDefault(id);

    private async Task RunAsync(ImpactPreviewJob job, CancellationToken stopping)
    {
        try
        {
            await _runLock.WaitAsync(stopping);
            try
            {
                job.MarkRunning();
                job.Complete(await service.RunAsync(job.Plan, job.ReportProgress, stopping));
            }
            finally
            {
                _runLock.Release();
            }
        }
        catch (OperationCanceledException)
        {
            job.Fail(text["The portal stopped before the preview finished. Start it again."]);
        }
        catch (Exception ex)
        {
            // A background job has no caller to throw to, so the error is logged and shown on its page.
            LogFailed(ex, job.Id);
            job.Fail(text["The preview failed: {0}", ex.Message]);
        }
    }

    private void RemoveOldestFinished()
    {
        var finished = _jobs.Values.Where(j => j.Finished).OrderBy(j => j.StartedAt).ToList();
        int excess = _jobs.Count - MaxKeptJobs + 1;
        foreach (var job in finished.Take(Math.Max(0, excess)))
        {
            _jobs.TryRemove(job.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Impact preview {JobId} of {RuleSet} v{Version} queued by {Actor}")]
    private partial void LogQueued(string jobId, string ruleSet, int version, string actor);

    [LoggerMessage(Level = LogLevel.Error, Message = "Impact preview {JobId} failed")]
    private partial void LogFailed(Exception exception, string jobId);
}
