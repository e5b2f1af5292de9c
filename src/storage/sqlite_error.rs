//! SQLite's errors as the crate's, once for all the storage code, in Chinese.

use rusqlite::ErrorCode;

use crate::core::error::Error;

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Database {
            message: describe(&error),
            source: Some(Box::new(error)),
        }
    }
}

/// What went wrong, in words a secretary can act on.
pub(crate) fn describe(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(failure, _) => match failure.code {
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                "另一个程序正在使用成绩记录，请关闭它或稍后再试".to_owned()
            }
            ErrorCode::ReadOnly => "文件是只读的，无法写入（请检查文件和文件夹的权限）".to_owned(),
            ErrorCode::PermissionDenied | ErrorCode::AuthorizationForStatementDenied => {
                "没有权限读写这个文件（请检查文件和文件夹的权限）".to_owned()
            }
            ErrorCode::DiskFull => "磁盘已满，请腾出空间后再试".to_owned(),
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                "文件已损坏，或不是成绩记录数据库".to_owned()
            }
            ErrorCode::CannotOpen => "无法打开文件（请检查路径和权限）".to_owned(),
            ErrorCode::SystemIoFailure => "读写磁盘时出错（U 盘被拔出或磁盘故障？）".to_owned(),
            ErrorCode::ConstraintViolation => "记录与已有的记录冲突".to_owned(),
            ErrorCode::TooBig => "数据太大".to_owned(),
            ErrorCode::OutOfMemory => "内存不足".to_owned(),
            ErrorCode::OperationInterrupted => "操作用时过长，已中止".to_owned(),
            ErrorCode::SchemaChanged => "数据库的结构被其他程序改动了，请重试".to_owned(),
            other => format!("数据库内部错误（{other:?}）"),
        },
        rusqlite::Error::QueryReturnedNoRows => "找不到这条记录".to_owned(),
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::InvalidColumnType(..)
        | rusqlite::Error::IntegralValueOutOfRange(..) => "记录里有无法识别的值".to_owned(),
        rusqlite::Error::Utf8Error(..) | rusqlite::Error::NulError(..) => {
            "记录里有无法识别的文字".to_owned()
        }
        _ => "数据库内部错误".to_owned(),
    }
}
