export * from './contract';
export * from './shell-frames';
