using Diagnostics.Core.Operations;
using Microsoft.AspNetCore.Http;

namespace Diagnostics.Api;

/// <summary>RFC 9457 problem details for everything that goes wrong; never a stack trace.</summary>
public static class Problems
{
    public static IResult Result(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}");

    public static IResult From(Problem problem) => Result(StatusOf(problem.Kind), problem.Title, problem.Detail);

    public static IResult InvalidId(string name) =>
        Result(400, "The request is not valid.", $"{name} must match [A-Za-z0-9_-]{{1,64}}.");

    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.Gone => StatusCodes.Status410Gone,
        ProblemKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ProblemKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ProblemKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}
