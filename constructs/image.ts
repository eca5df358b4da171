/** A container image: a repository and a tag pinned per environment. */
export class Image {
  /**
   * @param repository e.g. `ghcr.io/acme/public-api`
   * @param tag e.g. `1.42.0`; must not be `latest` (tags are pinned per environment)
   */
  static of(repository: string, tag: string): Image {
    return new Image(repository, tag);
  }

  private constructor(
    readonly repository: string,
    readonly tag: string,
  ) {}

  /** Problems with this image, as `[field, problem]` pairs (empty when valid). */
  problems(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    if (typeof this.repository !== 'string' || this.repository === '') {
      out.push(['image.repository', `is ${this.repository === '' ? 'empty' : 'undefined'}`]);
    } else if (!/^[a-z0-9]([a-z0-9._\-/:]*[a-z0-9])?$/.test(this.repository)) {
      out.push(['image.repository', `"${this.repository}" is not a valid image repository`]);
    }
    if (typeof this.tag !== 'string' || this.tag === '') {
      out.push([
        'image.tag',
        `is ${this.tag === '' ? 'empty' : 'undefined'}; pin a tag for this environment (is the component missing from its versions?)`,
      ]);
    } else if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(this.tag)) {
      out.push(['image.tag', `"${this.tag}" is not a valid image tag`]);
    } else if (this.tag === 'latest') {
      out.push(['image.tag', 'must be pinned; "latest" is not allowed']);
    }
    return out;
  }

  toString(): string {
    return `${this.repository}:${this.tag}`;
  }
}
