// The query rules live in shared/ so the workspace server's search and this cache's agree.
export * from '../../../shared/search/query';
