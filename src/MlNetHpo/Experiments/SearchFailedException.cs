namespace MlNetHpo.Experiments;

/// <summary>Thrown when every candidate of a search failed, or a fit failed with <see cref="SearchOptions.FailuresAreFatal"/> set.</summary>
public sealed class SearchFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SearchFailedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
